"""Real storage faults for tests: a tiny filesystem that fills up, or one that is read-only.

Mounting needs root (and a kernel that allows it here): where it cannot be done, the test
that asked is skipped, saying why; the faults are also injected in tests that run everywhere.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tiny_filesystem(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` for the test's duration."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def make_read_only(folder: Path) -> None:
    """Remount a tiny filesystem read-only (even root cannot write it then)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def make_writable(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)


def fill(folder: Path, leave: int) -> Path:
    """Fill `folder`'s filesystem until about `leave` bytes are free; returns the filler."""
    free = os.statvfs(folder)
    room = free.f_bavail * free.f_frsize
    filler = folder / f"filler{len(list(folder.glob('filler*')))}"
    filler.write_bytes(b"\0" * max(0, room - leave))
    return filler
