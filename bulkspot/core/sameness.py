"""Whether a resource on the server holds what a create sent: the proof of ownership.

When a create's answer is lost, the resource found by its natural key may be the one this
run made, or one someone else made with the same name. It counts as this run's only if it
holds every field the create sent, compared as the API means them: numbers by value (5 and
5.0), instants by the moment they name (`...T18:00:00Z` and `...T18:00:00.000Z`), lists of
ids whatever their order, nested objects field by field, codes the API answers in its own
case (an address's `country_code` "US" comes back "us") whatever their case. Fields the server
adds are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bulkspot.core.moments import instant

CASELESS = frozenset({"country_code", "state_code"})  # codes the API may answer recased


def differences(
    sent: Mapping[str, Any], resource: Mapping[str, Any], prefix: str = ""
) -> list[str]:
    """The fields of `sent` that `resource` does not hold (dotted for nested ones)."""
    found: list[str] = []
    for name, value in sent.items():
        if value is None:
            continue
        held = resource.get(name)
        if isinstance(value, Mapping) and isinstance(held, Mapping):
            found += differences(value, held, f"{prefix}{name}.")
        elif name in CASELESS and isinstance(value, str) and isinstance(held, str):
            if value.casefold() != held.casefold():
                found.append(prefix + name)
        elif not _same(value, held):
            found.append(prefix + name)
    return found


def _same(sent: Any, held: Any) -> bool:
    if isinstance(sent, bool) or isinstance(held, bool):
        return sent is held
    if isinstance(sent, int | float) and isinstance(held, int | float):
        return float(sent) == float(held)
    if isinstance(sent, list | tuple) and isinstance(held, list | tuple):
        return sorted(map(_key, sent)) == sorted(map(_key, held))
    if isinstance(sent, str) and isinstance(held, str) and sent != held:
        moment = _instant(sent)
        return moment is not None and moment == _instant(held)
    return bool(sent == held)


def _key(value: Any) -> str:
    """A list member's sort key: 5 and 5.0 alike."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value))
    return repr(value)


def _instant(text: str) -> dt.datetime | None:
    """A date and time, not any text that parses as one (a date alone stays text)."""
    if len(text) < 16 or text[4:5] != "-" or "T" not in text:
        return None
    return instant(text)
