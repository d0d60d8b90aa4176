"""Paths as a caller gives them: a `str` or any `os.PathLike`, as most Python APIs take them,
made a `Path` once, where a job is made, so nothing deeper meets a bare string."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeAlias

from bulkspot.errors import UsageError

StrPath: TypeAlias = "str | os.PathLike[str]"


def as_path(value: StrPath, name: str) -> Path:
    """`value` as a Path; UsageError (naming the parameter) for what is no path at all."""
    if isinstance(value, Path):
        return value
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise UsageError(f"{name} must be a path (a str or an os.PathLike), not {value!r}")


def as_optional_path(value: StrPath | None, name: str) -> Path | None:
    return None if value is None else as_path(value, name)


def make_paths(instance: object, *names: str, optional: tuple[str, ...] = ()) -> None:
    """Turn the named fields of a frozen dataclass into Paths (in its __post_init__)."""
    for name in names:
        object.__setattr__(instance, name, as_path(getattr(instance, name), name))
    for name in optional:
        object.__setattr__(instance, name, as_optional_path(getattr(instance, name), name))
