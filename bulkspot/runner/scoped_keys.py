"""Natural keys scoped by a body field (`ResourceSpec.key_scope`: a folder's name is unique
per `parent_id`): one collection holds every scope, so the run's index keys each entry by
its scope's value and its name as one text, and a scope's keys are read through a view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bulkspot.core.resources import NO_PARENT


def scope_key(scope_value: object, value: str) -> str:
    """(scope, natural key) as one text; no scope, "" and "0" all mean the top."""
    top = scope_value is None or str(scope_value) in ("", NO_PARENT)
    return f"{'' if top else scope_value}\x00{value}"


class KeysView(Mapping[str, str]):
    """Natural key -> id over a collection's index; `prefix`: only one scope's keys."""

    def __init__(self, ids: Mapping[str, str], prefix: str | None) -> None:
        self._ids, self._prefix = ids, prefix

    def __getitem__(self, key: str) -> str:
        return self._ids[key if self._prefix is None else self._prefix + key]

    def __iter__(self) -> Iterator[str]:
        if self._prefix is None:
            return iter(list(self._ids))
        cut = len(self._prefix)
        return iter([k[cut:] for k in list(self._ids) if k.startswith(self._prefix)])

    def __len__(self) -> int:
        return sum(1 for _ in self)
