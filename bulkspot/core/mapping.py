"""From a sheet's headers to the API's fields, and from a row's cells to checked values.

`map_columns` decides once per sheet which header feeds which column (see
`bulkspot.core.columns`), honouring `--map COLUMN=FIELD` overrides, and refuses a sheet that
lacks a required column before any row is read. The `ColumnMap` it returns reads that sheet's
rows: each column's converter is chosen once, and repeated cells ("20%", "yes", "VIP") are
converted once. `BodyRules` is `validate_body` compiled for speed, and problems on API fields
are translated back to the sheet columns that supplied them, so every message names
something the person can see.

Speed matters here: a million-row sheet is validated in one go, and on CPython 3.11 the
per-row budget is a few microseconds. Everything per sheet is done in `map_columns`;
per row there is a dict lookup and at most a call per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.coerce import (
    FALSE_WORDS,
    TRUE_WORDS,
    UNLIMITED_WORDS,
    CellError,
    coerce_cell,
    to_discount,
    to_text,
    to_text_list,
)
from bulkspot.core.columns import Column, Role, accepted_names, columns_for, find_column, normalize
from bulkspot.core.operation import CellProblem
from bulkspot.core.resources import Field, FieldType, Problem, ResourceSpec, spec_for
from bulkspot.core.validate import check_value
from bulkspot.errors import InputError

IGNORE = frozenset({"-", "ignore"})  # `--map "Notes=-"`: do not read the column, quietly
MEMO_SIZE = 1024  # converted cells remembered per column
_MISS = object()

Converter = Callable[[Any], Any]
Checker = Callable[[Any], "str | None"]


class ColumnError(InputError):
    """The sheet's columns do not fit its kind: a required column is missing, two columns
    give the same field, or a --map names a column or field that does not exist."""


@dataclass(frozen=True, slots=True)
class Binding:
    """A sheet header and the column it feeds."""

    header: str
    column: Column


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
        header = _find_header(headers, column_name, f"--map {column_name}={field_name}")
        decided.add(header)
        if field_name.strip().lower() in IGNORE:
            continue
        column = find_column(spec.kind, field_name)
        if column is None:
            names = ", ".join(c.name for c in columns_for(spec.kind))
            raise ColumnError(
                f"--map {column_name}={field_name}: {field_name!r} is not a column of "
                f"{sheet_of(spec)}; the columns are {names} (see `bulkspot columns "
                f"{spec.plural}`)"
            )
        if column.target in bound:
            raise ColumnError(
                f"--map gives {column.name} to both {bound[column.target].header!r} and "
                f"{header!r}; keep one"
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
                f"column {header!r} is not read: --map gives {column.name} to {other!r}"
            )
        else:
            raise ColumnError(
                f"the columns {bound[column.target].header!r} and {header!r} both give "
                f"{column.name}: keep one, or --map one of them to another field (or to - "
                "to skip it)"
            )
    if unknown:
        listed = ", ".join(repr(h) for h in unknown)
        warnings.insert(
            0,
            f"columns not read: {listed} (not columns of {sheet_of(spec)}; see "
            f"`bulkspot columns {spec.plural}`, or --map COLUMN=FIELD)",
        )
    order = {h: i for i, h in enumerate(headers)}
    bindings = tuple(sorted(bound.values(), key=lambda b: order[b.header]))
    _check_required(spec, bindings, headers)
    return ColumnMap(spec.kind, bindings, tuple(warnings))


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
    listed = ", ".join(repr(h) for h in headers)
    raise ColumnError(f"{option}: the sheet has no column {wanted!r}; its columns are {listed}")


def _check_required(spec: ResourceSpec, bindings: tuple[Binding, ...], headers: list[str]) -> None:
    """One error naming every required column the sheet lacks, and what would do."""
    targets = {b.column.target for b in bindings}
    columns = {c.target: c for c in columns_for(spec.kind)}
    needed = [] if "@id" in targets else [t for t, c in columns.items() if c.required]
    if spec.kind == "item" and "@attribute" in targets:  # the quantity: the attributes' sum
        needed = [t for t in needed if t != "default_quantity_total"] + ["@attribute_quantity"]
    if spec.kind == "item" and "@attribute_quantity" in targets:
        needed.append("@attribute")
    if (
        spec.kind == "promocode"
        and "@id" not in targets
        and not ({"@discount", "discount_percent", "discount_amount"} & targets)
    ):
        needed.append("code_type")  # else DISCOUNT, when a discount is given
    missing = [accepted_names(columns[t]) for t in dict.fromkeys(needed) if t not in targets]
    if spec.kind == "attribute" and not {"@item", "@item_id"} & targets:
        missing.append(f"{accepted_names(columns['@item'])} or item_id")
    if missing:
        listed = ", ".join(repr(h) for h in headers) or "none"
        raise ColumnError(
            f"{sheet_of(spec)} needs a column for {'; '.join(missing)}; this sheet's "
            f"columns are {listed} (see `bulkspot columns {spec.plural}`, or name a column "
            "with --map COLUMN=FIELD)"
        )


@dataclass(frozen=True)
class ColumnMap:
    """How one sheet's headers feed one kind's columns; reads that sheet's rows."""

    kind: str  # singular: "item"
    bindings: tuple[Binding, ...]
    warnings: tuple[str, ...] = ()
    spec: ResourceSpec = field(init=False, repr=False)
    _readers: tuple[tuple[str, str, Converter, dict[str, Any] | None], ...] = field(
        init=False, repr=False
    )
    _by_target: dict[str, Binding] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", spec_for(self.kind))
        object.__setattr__(self, "_by_target", {b.column.target: b for b in self.bindings})
        readers: tuple[tuple[str, str, Converter, dict[str, Any] | None], ...] = tuple(
            (b.header, b.column.target, converter(b.column), {} if memoizable(b.column) else None)
            for b in self.bindings
        )
        object.__setattr__(self, "_readers", readers)

    @property
    def columns(self) -> dict[str, str]:
        """Sheet header -> the column it feeds (for a journal to recognise the same mapping)."""
        return {b.header: b.column.name for b in self.bindings}

    def has(self, target: str) -> bool:
        """Whether a column feeds `target` (an API field, or "@role")."""
        return target in self._by_target

    def header_of(self, target: str) -> str | None:
        binding = self._by_target.get(target)
        return binding.header if binding else None

    def trusted(self) -> frozenset[str]:
        """The API fields whose every converted value keeps the field's rules."""
        return frozenset(t for t, b in self._by_target.items() if always_valid(b.column))

    def read(self, cells: Mapping[str, Any]) -> tuple[dict[str, Any], list[CellProblem]]:
        """A row's values by target (blank cells left out) and the cells that would not
        convert, each problem naming the sheet's column."""
        values: dict[str, Any] = {}
        problems: list[CellProblem] = []
        get = cells.get
        for header, target, convert, memo in self._readers:
            cell = get(header)
            if cell is None:
                continue
            if type(cell) is str:
                cell = cell.strip()
                if not cell:
                    continue
                if memo is not None:
                    value = memo.get(cell, _MISS)
                    if value is not _MISS:
                        values[target] = value
                        continue
            try:
                value = convert(cell)
            except CellError as error:
                problems.append(CellProblem(header, str(error)))
                continue
            if value is not None:
                values[target] = value
                if memo is not None and type(cell) is str and len(memo) < MEMO_SIZE:
                    memo[cell] = value
        return values, problems

    def column_of(self, api_field: str, fallbacks: Mapping[str, str] = {}) -> str:
        """The header that supplied `api_field` (or, via `fallbacks`, the role that filled
        it: discount_percent <- "@discount"); the API field's name when no column did."""
        header = self.header_of(api_field)
        if header is None and api_field in fallbacks:
            header = self.header_of(fallbacks[api_field])
        return header or api_field

    def problems_of(
        self, found: Iterable[Problem], fallbacks: Mapping[str, str] = {}
    ) -> list[CellProblem]:
        """Validation problems as row problems, each on the column that supplied the field."""
        return [CellProblem(self.column_of(p.field, fallbacks), p.message) for p in found]

    def check_fields(self, values: Mapping[str, Any]) -> list[CellProblem]:
        """Each given API field checked on its own (an update sends only some fields)."""
        problems = []
        for target, value in values.items():
            binding = self._by_target.get(target)
            if binding is not None and binding.column.role is Role.FIELD:
                why = check_value(binding.column.field, value)
                if why:
                    problems.append(CellProblem(binding.header, why))
        return problems


class BodyRules:
    """`validate_body` for one resource, compiled once: the same problems, found faster.

    Without `trusted` fields it is `validate_body` step for step (the tests hold the two
    equal). Each field's check answers at once for a value that plainly keeps the rules and
    asks `check_value` otherwise, so every message is the one `validate_body` gives. On
    CPython 3.11 each `case FieldType.X` of `check_value` is an enum lookup: a million rows
    times a dozen fields times several cases is most of a minute. `trusted` fields (those
    whose converters only produce valid values) are checked for presence only.
    """

    __slots__ = ("_checked", "_cross", "_present")

    def __init__(
        self, fields: Iterable[Field], cross_rules: Iterable[Any] = (), trusted: Iterable[str] = ()
    ) -> None:
        skip = frozenset(trusted)
        writable = [f for f in fields if not f.read_only]
        self._checked = tuple(
            (
                f.name,
                f.required,
                f.type is FieldType.STRING,
                fast_check(f),
                BodyRules(f.children) if f.type is FieldType.OBJECT and f.children else None,
            )
            for f in writable
            if f.name not in skip
        )
        self._present = tuple(
            (f.name, f.type is FieldType.STRING) for f in writable if f.name in skip and f.required
        )
        self._cross = tuple(cross_rules)

    @classmethod
    def of(cls, spec: ResourceSpec, trusted: Iterable[str] = ()) -> BodyRules:
        return cls(spec.fields, spec.cross_rules, trusted)

    def problems(self, body: Mapping[str, Any], prefix: str = "") -> list[Problem]:
        found: list[Problem] = []
        get = body.get
        for name, required, text, check, children in self._checked:
            value = get(name)
            if value is None or (not text and type(value) is str and not value):
                if required:
                    found.append(Problem(prefix + name, "is required"))
                continue
            why = check(value)
            if why is not None:
                found.append(Problem(prefix + name, why))
            elif children is not None:
                found += children.problems(value, f"{prefix}{name}.")
        for name, text in self._present:
            value = get(name)
            if value is None or (not text and type(value) is str and not value):
                found.append(Problem(prefix + name, "is required"))
        if not found:
            for rule in self._cross:
                found += rule(body)
        return found


_NO_LIMIT = float("inf")


def fast_check(rule: Field) -> Checker:
    """`check_value(rule, value)`, answered directly for a value that plainly keeps the
    rules (the right type, within bounds); any other value gets check_value's own answer."""
    slow = check_value
    check: Checker
    match rule.type:
        case FieldType.STRING | FieldType.DATETIME:
            shortest, longest = rule.min_length or 0, rule.max_length or _NO_LIMIT
            pattern = rule.pattern

            def check(v: Any) -> str | None:
                if (
                    type(v) is str
                    and shortest <= len(v) <= longest
                    and (pattern is None or pattern.fullmatch(v) is not None)
                ):
                    return None
                return slow(rule, v)

        case FieldType.INTEGER | FieldType.NUMBER:
            types = (int,) if rule.type is FieldType.INTEGER else (int, float)
            low = -_NO_LIMIT if rule.minimum is None else rule.minimum
            high = _NO_LIMIT if rule.maximum is None else rule.maximum
            unlimited = rule.unlimited

            def check(v: Any) -> str | None:
                if type(v) in types and (low <= v <= high or v == unlimited):
                    return None
                return slow(rule, v)

        case FieldType.BOOLEAN:

            def check(v: Any) -> str | None:
                return None if type(v) is bool else slow(rule, v)

        case FieldType.ENUM:
            choices = frozenset(rule.choices)

            def check(v: Any) -> str | None:
                return None if type(v) is str and v in choices else slow(rule, v)

        case FieldType.ENUM_LIST | FieldType.STRING_LIST:
            allowed = frozenset(rule.choices) if rule.type is FieldType.ENUM_LIST else None

            def check(v: Any) -> str | None:
                if type(v) is list and all(
                    type(x) is str and x and (allowed is None or x in allowed) for x in v
                ):
                    return None
                return slow(rule, v)

        case _:

            def check(v: Any) -> str | None:
                return None if type(v) is dict else slow(rule, v)

    return check


def always_valid(column: Column) -> bool:
    """Whether every value the column's converter returns keeps its field's rules (a choice
    is a choice, yes/no a bool, a non-blank unbounded text a valid text): no need to check
    those again per row. The tests hold this against `check_value`."""
    rule = column.field
    if column.role is not Role.FIELD:
        return False
    if rule.type is FieldType.STRING:
        return rule.max_length is None and rule.pattern is None and (rule.min_length or 0) <= 1
    return rule.type in (FieldType.ENUM, FieldType.BOOLEAN, FieldType.DATETIME,
                         FieldType.STRING_LIST, FieldType.ENUM_LIST)  # fmt: skip


def memoizable(column: Column) -> bool:
    """Whether to remember the column's converted cells: only immutable results (not
    lists) of columns whose cells repeat (not names or ids, which rarely do)."""
    if column.role in (Role.FEES, Role.DISCOUNT):
        return True
    if column.role in (Role.ID, Role.ITEM_ID, Role.ITEM, Role.ATTRIBUTE):
        return False
    return column.field.type not in (FieldType.STRING, FieldType.STRING_LIST, FieldType.ENUM_LIST)


def converter(column: Column) -> Converter:
    """The function that turns a (trimmed, non-blank) cell into the column's value.

    Common cells take a fast path that gives exactly what `coerce_cell` gives (the tests hold
    the two equal); anything else goes through `coerce_cell` itself.
    """
    rule = column.field
    match column.role:
        case Role.DISCOUNT:
            return _discount
        case Role.FEES:
            return _labels
        case Role.ID | Role.EVENT_ID | Role.ITEM_ID:
            return to_text
    match rule.type:
        case FieldType.STRING:
            return _text
        case FieldType.INTEGER if column.name == "discount_percent":
            return _percent(_integer(rule))
        case FieldType.INTEGER:
            return _integer(rule)
        case FieldType.NUMBER:
            return _number(rule)
        case FieldType.BOOLEAN:
            return _boolean
        case FieldType.ENUM:
            return _choice(rule)
        case FieldType.STRING_LIST:
            return _list_of_text
    return lambda cell: coerce_cell(rule, cell)


def _text(cell: Any) -> str:
    return cell if type(cell) is str else to_text(cell)


def _list_of_text(cell: Any) -> list[str] | None:
    if type(cell) is str:
        return [part.strip() for part in cell.split(";") if part.strip()] or None
    return to_text_list(cell) or None


def _labels(cell: Any) -> tuple[str, ...] | None:
    """Fee labels as a tuple: immutable, so a repeated cell is converted once."""
    found = _list_of_text(cell)
    return tuple(found) if found else None


def _discount(cell: Any) -> tuple[str, int | float]:
    """`to_discount`, with its common cells ("20%", "15.00") read directly."""
    if type(cell) is str and cell.isascii():
        if cell.endswith("%") and cell[:-1].isdigit():
            return "discount_percent", int(cell[:-1])
        whole, _, fraction = cell.partition(".")
        if whole.isdigit() and (not fraction or fraction.isdigit()):
            return "discount_amount", float(cell)
    return to_discount(cell)


def _integer(rule: Field) -> Converter:
    unlimited = rule.unlimited

    def integer(cell: Any) -> Any:
        if type(cell) is str:
            if cell.isdigit() and cell.isascii():
                return int(cell)
            if unlimited is not None and cell.lower() in UNLIMITED_WORDS:
                return unlimited
        return coerce_cell(rule, cell)

    return integer


def _percent(integer: Converter) -> Converter:
    """A percent column also takes "20%" (what a percent-formatted Excel cell reads as)."""

    def percent(cell: Any) -> Any:
        if type(cell) is str and cell.endswith("%"):
            cell = cell[:-1].strip()
        return integer(cell)

    return percent


def _number(rule: Field) -> Converter:
    def number(cell: Any) -> Any:
        if type(cell) is str and cell.isascii():
            if cell.isdigit():
                return int(cell)
            whole, dot, fraction = cell.partition(".")
            if dot and (whole.isdigit() or not whole) and fraction.isdigit():
                return float(cell)
        return coerce_cell(rule, cell)

    return number


def _boolean(cell: Any) -> Any:
    if type(cell) is str:
        word = cell.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return coerce_cell(_BOOLEAN, cell)


_BOOLEAN = Field("boolean", FieldType.BOOLEAN)


def _choice(rule: Field) -> Converter:
    choices = frozenset(rule.choices)

    def choice(cell: Any) -> Any:
        if type(cell) is str and cell in choices:
            return cell
        return coerce_cell(rule, cell)

    return choice
