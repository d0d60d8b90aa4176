"""The machine-wide folder where runs of one user meet: target locks and rate windows.

Runs on one machine that write into one target, or send with one api key, must see each
other whatever folder they were started from, so what they share lives in the user's cache
folder: `$BULKSPOT_CACHE_DIR`, else `$XDG_CACHE_HOME/bulkspot`, else `~/.cache/bulkspot`.
Nothing there holds a secret in clear (file names are hashes), and every file there can be
deleted while no run is going.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bulkspot.core.wording import again
from bulkspot.errors import StorageError
from bulkspot.sinks.storage import os_cause

ENV_CACHE_DIR = "BULKSPOT_CACHE_DIR"


def cache_root() -> Path:
    """The folder, as the environment names it (not made yet)."""
    chosen = os.environ.get(ENV_CACHE_DIR)
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "bulkspot"


def cache_folder(part: str) -> Path:
    """`part` ("locks", "rates") of the cache folder, made if missing; StorageError (before
    anything is sent) when it cannot be made."""
    folder = cache_root() / part
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise unwritable(folder, error) from None
    return folder


def unwritable(folder: Path, error: OSError) -> StorageError:
    """The refusal when `folder` (of the cache folder), or a lock or window file in it,
    cannot be made or opened: a folder that exists but is read-only (a read-only home, a
    mount) fails at its first file, not at mkdir."""
    return StorageError(
        f"cannot write the folder {folder}, where runs on this machine share their locks "
        f"and rate windows: {os_cause(error)}. Set {ENV_CACHE_DIR} to a folder that can "
        f"be written, then {again()} (nothing was sent)."
    )


def hashed(*parts: str) -> str:
    """A name for a file that stands for `parts` (an api key among them) without holding them."""
    digest = hashlib.sha256("\x00".join(("bulkspot", *parts)).encode())
    return digest.hexdigest()[:40]
