"""Where runs of one machine meet (target locks, rate windows): BULKSPOT_CACHE_DIR, else
XDG_CACHE_HOME/bulkspot, else ~/.cache/bulkspot; one that cannot be made stops the run
before anything is sent, naming the folder and the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkspot.errors import StorageError
from bulkspot.sinks.cache_folder import ENV_CACHE_DIR, cache_folder, cache_root, hashed


def test_the_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "chosen"
    monkeypatch.delenv(ENV_CACHE_DIR)
    assert cache_root() == tmp_path / "xdg" / "bulkspot"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "bulkspot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_root() == tmp_path / "home" / ".cache" / "bulkspot"


def test_a_folder_that_cannot_be_made_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "a-file"))
    with pytest.raises(StorageError) as refused:
        cache_folder("locks")
    assert str(refused.value) == (
        f"cannot write the folder {tmp_path / 'a-file' / 'locks'}, where runs on this machine "
        "share their locks and rate windows: a part of its path is a file, not a folder. Set "
        "BULKSPOT_CACHE_DIR to a folder that can be written, then run the same command again "
        "(nothing was sent)."
    )


def test_names_are_hashes_of_what_they_stand_for() -> None:
    name = hashed("rate", "http://127.0.0.1:8080", "secret-key")
    assert len(name) == 40 and "secret" not in name
    assert name == hashed("rate", "http://127.0.0.1:8080", "secret-key")
    assert name != hashed("rate", "http://127.0.0.1:8081", "secret-key")
