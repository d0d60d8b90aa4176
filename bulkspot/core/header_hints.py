"""Headers that name no column: the closest columns, the exact `--map` to type, and the
mapping file (`--map @FILE`) that `bulkspot columns KIND --suggest SHEET` writes.

A header is compared with every name and alias of the kind's columns by its words first
(`Qty on hand` names a quantity; see `bulkspot.core.header_words`), then, once case, spaces
and punctuation are gone, by difflib's ratio ("Price (USD)" is close to "price"). A header that
asks a question ("Show stock?") names a yes/no column, so only those are offered for it.
Nothing here reads files: the caller hands the text in and writes the text out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

from bulkspot.core.column import Column, Role
from bulkspot.core.columns import columns_for, find_column
from bulkspot.core.header_words import read_by_words, ruled_out, word_matches
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import FieldType, spec_for
from bulkspot.core.shops import ShopExport
from bulkspot.errors import InputError

CLOSE = 0.7  # difflib's ratio from which a name is offered: "priceusd" ~ "price" is 0.77,
# while "vendor" ~ "eventid" (0.62) is chance
CLOSE_ASKED = 0.5  # for a question, among the yes/no columns: "showstock" ~ "showqty" is 0.62
OFFERED = 3  # columns named for one header
_NOT_WORD = re.compile(r"[^0-9a-z%]+")


class MappingFileError(InputError):
    """A `--map @FILE` whose lines are not COLUMN=FIELD."""


def loose(name: str) -> str:
    """A header as compared for closeness: lower case, letters, digits and % only."""
    return _NOT_WORD.sub("", name.casefold())


def closest(kind: str, header: str, taken: Iterable[str] = ()) -> list[Column]:
    """The columns a header most likely means, best first; `taken` (targets another
    header already gives) are left out."""
    skip = set(taken) | ruled_out(kind, header)
    candidates = [c for c in columns_for(kind) if c.target not in skip]
    cutoff = CLOSE
    asked = header.rstrip().endswith("?")
    if asked:  # a question: yes or no
        candidates = [c for c in candidates if c.field.type is FieldType.BOOLEAN]
        cutoff = CLOSE_ASKED
    by_words = [
        m.column
        for m in word_matches(kind, header, frozenset(skip))
        if not asked or m.column.field.type is FieldType.BOOLEAN
    ]
    wanted = loose(header)
    if not wanted:
        return by_words[:OFFERED]
    scored: dict[str, tuple[float, int, Column]] = {}
    for order, column in enumerate(candidates):
        for name in (column.name, *column.aliases):
            ratio = difflib.SequenceMatcher(None, wanted, loose(name)).ratio()
            if ratio >= cutoff and ratio > scored.get(column.target, (0.0, 0, column))[0]:
                scored[column.target] = (ratio, order, column)
    ranked = sorted(scored.values(), key=lambda found: (-found[0], found[1]))
    merged = {c.target: c for c in (*by_words, *(column for _, _, column in ranked))}
    return list(merged.values())[:OFFERED]


def map_option(header: str, field: str) -> str:
    """The `--map` a person types for `header`, quoted for a shell."""
    pair = f"{header}={field}"
    if "'" not in pair:
        return f"--map '{pair}'"
    return '--map "' + re.sub(r'(["\\$`])', r"\\\1", pair) + '"'


def did_you_mean(header: str, columns: Sequence[Column]) -> str:
    """ "did you mean price? --map 'Price (USD)=price'" (and the others that are close)."""
    best = columns[0].name
    others = ", ".join(c.name for c in columns[1:])
    also = f" (or {others})" if others else ""
    return f"did you mean {best}{also}? {map_option(header, best)}"


def parse_mapping(text: str, source: str) -> dict[str, str]:
    """A mapping file's COLUMN=FIELD lines (blank lines and lines starting with # are not
    read); the header is what comes before the last `=`, so a header may hold one."""
    mapped: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        column, sep, field = stripped.rpartition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column or not field:
            raise MappingFileError(
                f"{source}, line {number}: {stripped!r} is not COLUMN=FIELD (such as "
                "Price ($)=price; a line starting with # is a comment)"
            )
        if mapped.get(column, field) != field:
            raise MappingFileError(
                f"{source}, line {number}: the column {column!r} is mapped twice "
                f"({mapped[column]} and {field})"
            )
        mapped[column] = field
    return mapped


def suggest_mapping(
    kind: str, headers: Sequence[str], sheet: str, header_row: int, command: str
) -> str:
    """A mapping file for a sheet, in the sheet's order: each header with the column it is
    read as, and each header that names none commented out with the closest columns."""
    spec = spec_for(kind)
    where = f" (header row {header_row})" if header_row > 1 else ""
    article = "an" if spec.plural[0] in "aeiou" else "a"
    lines = [
        f"# How bulkspot reads the columns of {sheet}{where} as {article} {spec.plural} sheet.",
        "# One COLUMN=FIELD a line; a line starting with # is not read. Take the # off a",
        f"# line to read that column, then: {command} --map @THIS_FILE",
    ]
    given: dict[str, str] = {}  # target -> the first header that gives it
    named: dict[str, Column] = {}  # header -> the column it is read as
    for header in headers:
        column = find_column(spec.kind, header)
        if column is not None:
            given.setdefault(column.target, header)
            named[header] = column
    for header in headers:  # then by their words, as an import reads them
        column = None if header in named else read_by_words(spec.kind, header, frozenset(given))
        if column is not None:
            given[column.target] = header
            named[header] = column
    for header in headers:
        if header.startswith("(column "):
            continue
        column = named.get(header)
        if column is not None and given[column.target] == header:
            lines.append(f"{header}={column.name}")
        elif column is not None:
            other = given[column.target]
            lines.append(f"# {header!r} also names {column.name}, which {other!r} gives:")
            lines.append(f"# {header}=-")
        elif close := closest(spec.kind, header, given):
            names = ", ".join(c.name for c in close)
            lines.append(f"# {header!r} names no column; closest: {names}")
            lines.append(f"# {header}={close[0].name}")
        else:
            lines.append(f"# {header!r} names no column and none is close; not read:")
            lines.append(f"# {header}=-")
    return "\n".join(lines) + "\n"


def needed_hint(
    kind: str, targets: Iterable[str], unknown: Sequence[str], bound: Mapping[str, str]
) -> str:
    """For a required column the sheet lacks: the unread header closest to it, as the
    --map to type ("" when none is close)."""
    wanted = set(targets)
    found: list[tuple[int, int, str, Column]] = []  # the header it is closest for first
    for order, header in enumerate(unknown):
        for place, column in enumerate(closest(kind, header, bound)):
            if column.target in wanted:
                found.append((place, order, header, column))
                break
    if not found:
        return ""
    _, _, header, column = min(found, key=lambda f: (f[0], f[1]))
    return f"; {header!r} is close: {map_option(header, column.name)}"


def shop_mapping(shop: ShopExport, sheet: str, command: str, kind: str) -> str:
    """For a shop's export, which bulkspot reads as it is: the columns it reads, as a
    mapping file would say them (each commented out: none is needed), and the command to
    run, with a `--set` for each required field no shop exports (an item's
    per_registrant_limit), so that the command given is one that runs."""
    missing = _shop_lacks(shop, kind)
    if missing:
        command += "".join(f" --set {name}=VALUE" for name in missing)
        lacks = " and no ".join(missing)
        said = (
            f"it needs no mapping file; it has no {lacks}, which --set gives every row ({command})"
        )
    else:
        said = f"it needs no mapping file ({command})"
    lines = [
        f"# {sheet} is read as {shop.label}: {said}.",
        "# Its columns are read as below; to read one otherwise, give --map COLUMN=FIELD.",
    ]
    lines += [f"# {header}={field}" for header, field in shop.column_map.items() if field != "-"]
    return "\n".join(lines) + "\n"


def _shop_lacks(shop: ShopExport, kind: str) -> list[str]:
    """The required fields of `kind` that no column of the shop's export gives."""
    columns = columns_for(kind)
    read = set(shop.column_map.values())
    targets = frozenset(c.target for c in columns if c.name in read or c.target in read)
    by_target = {c.target: c for c in columns}
    needed = planner_for(kind).required_columns(columns, targets)
    return [
        by_target[group[0]].name
        for group in dict.fromkeys(needed)
        if targets.isdisjoint(group) and by_target[group[0]].role is Role.FIELD
    ]
