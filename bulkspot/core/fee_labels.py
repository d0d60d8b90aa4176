"""A fee named in a promocode's fee list, as the person meant it: `student` is the fee
`Student` when no other fee has that label in another case; otherwise (no match, or more
than one) the message says what was meant, and a list written with `,` is told that fees
are `;`-separated. Pure: the caller hands in the labels the event has."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bulkspot.core.column import Role

SEPARATOR_HINT = f"the {Role.FEES.value} column is ;-separated"


def unique_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """The labels of a fee list, each once, in their order (`Student;Student` is one fee)."""
    return tuple(dict.fromkeys(labels))


def same_but_case(label: str, known: Iterable[str]) -> list[str]:
    """The known labels that are `label` written in another case."""
    wanted = label.casefold()
    return sorted(k for k in set(known) if k.casefold() == wanted)


def missing_label(kind: str, label: str, known: Iterable[str], where: str) -> str:
    """Why `label` names no fee, with what was likely meant."""
    labels = list(known)
    said = f"no {kind} {label!r}{where}"
    close = same_but_case(label, labels)
    parts = [p.strip() for p in label.split(",") if p.strip()]
    if not close and len(parts) > 1:
        return f"{said}: {SEPARATOR_HINT}, so write {';'.join(parts)!r}"
    close = close or difflib.get_close_matches(label, labels, n=1)
    if close:
        return f"{said} (did you mean {' or '.join(repr(c) for c in close)}?)"
    return said
