"""The folders a run makes for its files, taken back when it is refused before its first
request: a refused run leaves the disk as it found it (no empty `runs/` behind a journal
in use, a file another job holds, or a target another run writes).

A file's folder must be there before its lock file can be (sinks/lock.py), and a run
claims its files one by one; whichever claim refuses, the folders made for the claims
before it are removed again, each only while empty.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


def missing_folders(paths: Iterable[Path]) -> list[Path]:
    """The folders the files at `paths` need that are not there yet, deepest first (as
    mkdir would make them: through the links of the folders that are there)."""
    found: dict[Path, None] = {}
    for path in paths:
        folder = Path(os.path.realpath(path)).parent
        while not folder.exists() and folder != folder.parent:
            found[folder] = None
            folder = folder.parent
    return sorted(found, key=lambda folder: len(folder.parts), reverse=True)


def remove_made(folders: Iterable[Path]) -> None:
    """Remove each of `folders`, deepest first, that is there and empty; one that holds
    anything (another process's file since), or cannot be removed, stays."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
