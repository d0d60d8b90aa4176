"""Headers matched by their words: `Stock qty` is default_quantity_total because each of its
words is one of that column's names (`Stock`, `Qty`), and `Item Price` on an items sheet is
price because `price` is a column's name and `item` names the sheet's own kind.

A header's words (camelCase, digits and punctuation split; a few small words such as "on"
and "per" left out) are compared with the words of every name and alias of the kind's
columns. A column matches when one of its names appears whole among the header's words;
the more of the header its names explain, the closer it is, and a column that explains the
header's last word (in English, the noun: `Variant Price` is a price) comes first. A column's
description settles ties. When one column explains every word, and no other column does,
the header is read as that column (a warning says so); otherwise the match is only offered.
A kind may give a column words of its own (`on hand` is a quantity) and words that rule it
out (`Cost per item` is what a shop paid, never the price): see `SheetSpec`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bulkspot.core.column import Column
from bulkspot.core.columns import columns_for
from bulkspot.core.resources import spec_for

_SPLIT = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|%")
SMALL = frozenset({"a", "an", "the", "of", "on", "in", "at", "per", "for", "to", "and", "or",
                   "by", "is", "are", "e", "g", "eg", "its", "s"})  # fmt: skip


def words(text: str) -> tuple[str, ...]:
    """A name's words, lower case, without digits, punctuation or small words."""
    found = (w.casefold() for w in _SPLIT.findall(text))
    return tuple(dict.fromkeys(w for w in found if w not in SMALL))


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How well a column's names explain a header."""

    column: Column
    covered: int  # header words found among its names
    last: bool  # it explains the header's last word
    described: int  # other header words found in its description
    whole: bool  # it explains every word of the header

    @property
    def rank(self) -> tuple[int, int, int]:
        return (self.covered, int(self.last), self.described)


Vocabulary = tuple[Column, tuple[frozenset[str], ...], frozenset[str], frozenset[str]]


@cache
def _vocabulary(kind: str) -> tuple[Vocabulary, ...]:
    """Each column with the word sets of its names (and of the other words the kind gives
    it, `SheetSpec.header_words`), the words of its description, and the words that rule it
    out of a header of several (`SheetSpec.not_words`: `cost` is never the price)."""
    sheet = spec_for(kind).sheet
    found = []
    for column in columns_for(kind):
        more = sheet.header_words.get(column.name, ())
        names = {frozenset(words(n)) for n in (column.name, *column.aliases, *more)}
        never = frozenset(w for n in sheet.not_words.get(column.name, ()) for w in words(n))
        found.append((column, tuple(n for n in names if n), frozenset(words(column.doc)), never))
    return tuple(found)


@cache
def _own_words(kind: str) -> frozenset[str]:
    """The words that name the sheet's kind ("item", "items"): an `Item Price` is a price."""
    spec = spec_for(kind)
    return frozenset((*words(spec.kind), *words(spec.plural)))


def word_matches(kind: str, header: str, taken: frozenset[str] = frozenset()) -> list[WordMatch]:
    """The columns whose names explain some of `header`'s words, best first; `taken`
    (targets another header gives) are left out."""
    said = [w for w in words(header) if w not in _own_words(kind)] or list(words(header))
    if not said:
        return []
    heard = frozenset(said)
    matches = []
    for column, names, doc, never in _vocabulary(kind):
        if column.target in taken or (never & heard and len(words(header)) > 1):
            continue
        explained: set[str] = set()
        for name in names:
            if name <= heard:
                explained |= name
        if not explained:
            continue
        described = len((heard - explained) & doc)
        matches.append(
            WordMatch(column, len(explained), said[-1] in explained, described, explained == heard)
        )
    matches.sort(key=lambda m: m.rank, reverse=True)
    return matches


def ruled_out(kind: str, header: str) -> frozenset[str]:
    """The columns a header of several words says it is not (`SheetSpec.not_words`): a
    `Default Unit Cost` is what the shop paid, neither the price nor a quantity, however
    close its letters come to one (the closeness of `bulkspot.core.header_hints` asks this
    too)."""
    heard = frozenset(words(header))
    if len(heard) < 2:
        return frozenset()
    return frozenset(column.target for column, _, _, never in _vocabulary(kind) if never & heard)


def read_by_words(kind: str, header: str, taken: frozenset[str] = frozenset()) -> Column | None:
    """The column a header names by its words alone: the only one explaining all of them."""
    matches = word_matches(kind, header, taken)
    whole = [m for m in matches if m.whole]
    return whole[0].column if len(whole) == 1 else None
