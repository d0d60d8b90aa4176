"""From a sheet's headers to the API's fields: which header feeds which column.

`map_columns` decides once per sheet which header feeds which column (see
`bulkspot.core.columns`), honouring `--map COLUMN=FIELD` overrides, and refuses a sheet that
lacks a required column before any row is read. The `ColumnMap` it returns
(`bulkspot.core.columnmap`) reads that sheet's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from bulkspot.core.column import Column, Role
from bulkspot.core.columnmap import Binding, ColumnMap
from bulkspot.core.columns import accepted_names, columns_for, find_column, normalize
from bulkspot.core.header_hints import closest, did_you_mean, map_option, needed_hint
from bulkspot.core.header_words import read_by_words
from bulkspot.core.planners import planner_for
from bulkspot.core.quoting import quote
from bulkspot.core.resources import FieldType, ResourceSpec, spec_for
from bulkspot.core.wording import option, option_given
from bulkspot.errors import InputError

__all__ = [
    "Binding",
    "ColumnError",
    "ColumnMap",
    "header_namer",
    "id_header",
    "map_columns",
    "number_headers",
    "sheet_of",
]

LISTED = 10  # headers named in a message; the rest are counted
HINTED_LENGTH = 60  # a header longer than this is text pasted into the header, not a name
HINTED = 200  # unread headers looked at for hints: every one of any sheet people write
IGNORE = frozenset({"-", "ignore"})  # `--map "Notes=-"`: do not read the column, quietly


class ColumnError(InputError):
    """The sheet's columns do not fit its kind: a required column is missing, two columns
    give the same field, or a --map names a column or field that does not exist."""


def map_columns(
    kind: str, headers: Iterable[str], overrides: Mapping[str, str] | None = None
) -> ColumnMap:
    """Bind a sheet's headers to `kind`'s columns; ColumnError when the sheet cannot work.

    A `--map` override wins over a header's own name; a header that names no column is
    reported once, in `warnings`; two headers for one column are an error.
    """
    spec = spec_for(kind)
    headers = list(headers)
    bound: dict[str, Binding] = {}  # target -> binding
    decided: set[str] = set()  # headers an override decided
    warnings: list[str] = []
    for column_name, field_name in (overrides or {}).items():
        given = option_given("--map", f"{column_name}={field_name}")
        header = _find_header(headers, column_name, given)
        decided.add(header)
        if field_name.strip().lower() in IGNORE:
            continue
        column = find_column(spec.kind, field_name)
        if column is None:
            names = ", ".join(c.name for c in columns_for(spec.kind))
            raise ColumnError(
                f"{given}: {quote(field_name)} is not a column of "
                f"{sheet_of(spec)}; the columns are {names} (see `bulkspot columns "
                f"{spec.plural}`)"
            )
        if column.target in bound:
            raise ColumnError(
                f"{option('--map')} gives {column.name} to both "
                f"{quote(bound[column.target].header)} and "
                f"{quote(header)}; keep one"
            )
        bound[column.target] = Binding(header, column)
    unknown: list[str] = []
    for header in headers:
        column = None if header in decided else find_column(spec.kind, header)
        if column is None:
            if header not in decided and not header.startswith("(column "):
                unknown.append(header)
        elif column.target not in bound:
            bound[column.target] = Binding(header, column)
        elif bound[column.target].header in decided:
            other = bound[column.target].header
            warnings.append(
                f"column {quote(header)} is not read: {option('--map')} gives {column.name} to "
                f"{quote(other)}"
            )
        else:
            raise ColumnError(
                f"the columns {quote(bound[column.target].header)} and {quote(header)} both give "
                f"{column.name}: keep one, or --map one of them to another field (or to - "
                "to skip it)"
            )
    for header in list(unknown):  # then by their words: `Stock qty` is the quantity
        column = read_by_words(spec.kind, header, frozenset(bound))
        if column is not None and len(header) <= HINTED_LENGTH:
            bound[column.target] = Binding(header, column)
            unknown.remove(header)
            warnings.append(
                f"column {quote(header)} is read as {column.name} (by its words; "
                f"{map_option(header, '-')} not to read it)"
            )
    taken = {target: b.header for target, b in bound.items()}
    hints = _hints(spec.kind, unknown, taken)
    unhinted = [h for h in unknown if h not in hints]
    if unhinted:
        listed = listing(unhinted)
        warnings.insert(
            0,
            f"columns not read: {listed} (not columns of {sheet_of(spec)}; see "
            f"`bulkspot columns {spec.plural}`, or {option_given('--map', 'COLUMN=FIELD')})",
        )
    warnings[1 if unhinted else 0 : 0] = [
        f"column {quote(header)} is not read; {hint}" for header, hint in hints.items()
    ]
    order = {h: i for i, h in enumerate(headers)}
    bindings = tuple(sorted(bound.values(), key=lambda b: order[b.header]))
    _check_required(spec, bindings, headers, unknown)
    return ColumnMap(spec.kind, bindings, tuple(warnings))


def header_namer(kind: str, overrides: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Which column a header cell names ("" for none): how a reader tells the header row
    from the title rows above it. A header a --map names counts as named."""
    spec = spec_for(kind)
    mapped = {normalize(column): f"--map {column}" for column in overrides or {}}

    def names(cell: str) -> str:
        column = find_column(spec.kind, cell)
        return column.target if column is not None else mapped.get(normalize(cell), "")

    return names


def id_header(kind: str, overrides: Mapping[str, str] | None = None) -> Callable[[str], bool]:
    """Whether a header names a column of ids (`Field.id_of`), itself or through a --map: a
    JSON Lines object there is its one cell (no id: refused on its row), never dotted
    columns nobody reads beside a row that --event sends elsewhere."""
    spec = spec_for(kind)
    mapped = {
        normalize(header): find_column(spec.kind, field)
        for header, field in (overrides or {}).items()
    }

    def names_ids(header: str) -> bool:
        key = normalize(header)
        column = mapped[key] if key in mapped else find_column(spec.kind, header)
        return column is not None and column.field.id_of is not None

    return names_ids


def number_headers(mapping: ColumnMap) -> tuple[str, ...]:
    """The headers whose cells are numbers (amounts, counts, percents, discounts): the
    cells that tell whether a sheet writes decimal commas."""
    kinds = (FieldType.NUMBER, FieldType.INTEGER)
    return tuple(
        b.header
        for b in mapping.bindings
        if b.column.role is Role.DISCOUNT or b.column.field.type in kinds
    )


def money_headers(mapping: ColumnMap) -> tuple[str, ...]:
    """The headers whose cells are amounts (a money field, or a discount that may be one):
    the cells that name the sheet's currency, and that must be exact to the cent."""
    return tuple(
        b.header
        for b in mapping.bindings
        if b.column.role is Role.DISCOUNT or (b.column.role is Role.FIELD and b.column.field.money)
    )


def _hints(kind: str, unknown: Sequence[str], taken: Mapping[str, str]) -> dict[str, str]:
    """header -> "did you mean ...? --map ..." for the first unread headers a column is
    close to."""
    hints: dict[str, str] = {}
    for header in unknown[:HINTED]:
        close = closest(kind, header, taken) if len(header) <= HINTED_LENGTH else []
        if close:
            hints[header] = did_you_mean(header, close)
    return hints


def listing(headers: Sequence[str], most: int = LISTED) -> str:
    """Headers for a message: the first `most` quoted, and how many more there are."""
    listed = ", ".join(quote(h) for h in headers[:most])
    more = len(headers) - most
    return f"{listed} and {more:,} more" if more > 0 else listed


def sheet_of(spec: ResourceSpec) -> str:
    """ "an items sheet", "a fees sheet": how messages name a kind's sheet."""
    return f"{'an' if spec.plural[0] in 'aeiou' else 'a'} {spec.plural} sheet"


def _find_header(headers: list[str], wanted: str, option: str) -> str:
    """The sheet header a --map names: exactly, else ignoring case, spaces, dashes and _."""
    if wanted in headers:
        return wanted
    found = [h for h in headers if normalize(h) == normalize(wanted)]
    if len(found) == 1:
        return found[0]
    raise ColumnError(
        f"{option}: the sheet has no column {quote(wanted)}; its columns are {listing(headers)}"
    )


def _check_required(
    spec: ResourceSpec, bindings: tuple[Binding, ...], headers: list[str], unknown: list[str]
) -> None:
    """One error naming every required column the sheet lacks, one a line, each with what
    would do (and the unread header close to it); which columns a kind's sheet needs is its
    planner's to say."""
    targets = frozenset(b.column.target for b in bindings)
    columns = {c.target: c for c in columns_for(spec.kind)}
    needed = planner_for(spec.kind).required_columns(columns.values(), targets)
    taken = {b.column.target: b.header for b in bindings}
    near = [h for h in unknown if len(h) <= HINTED_LENGTH][:HINTED]
    missing = [
        "  "
        + " or ".join(accepted_names(columns[t]) for t in group)
        + needed_hint(spec.kind, group, near, taken)
        + _constant_hint(spec, columns, group)
        for group in dict.fromkeys(needed)
        if targets.isdisjoint(group)
    ]
    if missing:
        listed = listing(headers) or "none"
        lines = "\n".join(missing)
        raise ColumnError(
            f"{sheet_of(spec)} needs a column for:\n{lines}\nthis sheet's columns are "
            f"{listed} (see `bulkspot columns {spec.plural}`, or name a column with "
            f"{option_given('--map', 'COLUMN=FIELD')})"
        )


def _constant_hint(spec: ResourceSpec, columns: Mapping[str, Column], group: Sequence[str]) -> str:
    """How to give a missing field one value for the whole sheet (shop exports lack some);
    not for the natural key, which tells the rows apart."""
    fields = [
        columns[t].name for t in group if columns[t].role is Role.FIELD and t != spec.natural_key
    ]
    if not fields:
        return ""
    return f"; or give one value for every row with --set {fields[0]}=VALUE"
