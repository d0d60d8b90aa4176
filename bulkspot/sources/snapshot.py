"""The sheet as it was when a run began: a private copy that the run plans from and writes its
results from, so that editing or saving the file meanwhile can never shift a result onto
another row's line.

A copy rather than a second read of the file: a spreadsheet program saves in place or by
putting a new file over the old one, and a row inserted at the top renumbers every row
below it. The copy is made in one pass that also hashes it (the journal's identity of the
input), and it keeps the file's name, so messages and row numbers read as the file's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from bulkspot.errors import InputError
from bulkspot.sources import fingerprint, require_regular_file

_CHUNK = 1 << 20
_TRIES = 3  # copies tried while the file keeps changing under the copy


class _Folder:
    """A private temporary folder, removed when nothing holds it any more (or at exit)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="bulkspot-sheet-"))
        self.remove = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)


@dataclass(frozen=True)
class Snapshot:
    """A copy of `original` at `path`, with the SHA-256 of its bytes."""

    original: Path
    path: Path
    fingerprint: str
    size: int
    _folder: _Folder = field(repr=False, compare=False)

    @classmethod
    def take(cls, original: Path) -> Snapshot:
        """Copy `original` into a new private folder; InputError when it is not a regular
        file, cannot be read or copied, or keeps changing while it is copied."""
        require_regular_file(original)
        folder = _Folder()
        copy = folder.path / original.name
        try:
            for _ in range(_TRIES):
                copied = _copy(original, copy)
                if copied is not None:
                    digest, size = copied
                    return cls(original, copy, digest, size, folder)
        except BaseException:
            folder.remove()
            raise
        folder.remove()
        raise InputError(
            f"{original}: the file kept changing while it was read; wait until it is saved, "
            "then run again"
        )

    def changed(self) -> bool:
        """Whether the file now differs from the copy (edited, saved over, or gone)."""
        try:
            if os.stat(self.original).st_size != self.size:
                return True
            return fingerprint(self.original) != self.fingerprint
        except (OSError, InputError):
            return True

    def close(self) -> None:
        """Remove the copy (also done when the snapshot is collected, or at exit)."""
        self._folder.remove()


def _copy(original: Path, copy: Path) -> tuple[str, int] | None:
    """Copy and hash in one pass: (digest, size), or None when the file changed meanwhile."""
    digest = hashlib.sha256()
    size = 0
    try:
        source = original.open("rb")
    except OSError as error:
        raise InputError(f"{original}: cannot be read ({error.strerror})") from None
    with source:
        before = os.fstat(source.fileno())
        try:
            target = copy.open("wb")
        except OSError as error:
            raise _cannot_keep(original, copy, error) from None
        with target:
            while True:
                try:
                    chunk = source.read(_CHUNK)
                except OSError as error:
                    raise InputError(f"{original}: cannot be read ({error.strerror})") from None
                if not chunk:
                    break
                digest.update(chunk)
                try:
                    target.write(chunk)
                except OSError as error:
                    raise _cannot_keep(original, copy, error) from None
                size += len(chunk)
            try:
                target.flush()
            except OSError as error:
                raise _cannot_keep(original, copy, error) from None
            after = os.fstat(source.fileno())
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        return None
    if size != after.st_size:
        return None
    return digest.hexdigest(), size


def _cannot_keep(original: Path, copy: Path, error: OSError) -> InputError:
    return InputError(
        f"{original}: cannot keep a copy of it for the run in {copy.parent} "
        f"({error.strerror}); free some space there, or set TMPDIR to another folder"
    )
