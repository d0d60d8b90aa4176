"""Issue 22: after the README's `pip install -e .`, `mypy --strict` on a script outside the
repository finds bulkspot (the editable install is a path entry, not an import hook that
type checkers cannot follow), passes on a script that uses the library, and fails one that
misspells a field of a body.

The venv is made without pip (the running pip installs into it) and without bulkspot's
dependencies (mypy keeps quiet about an installed package's own imports), so the only work is
building bulkspot's editable wheel, and nothing of this checkout's venv can be found instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

SCRIPT = """\
import asyncio

import bulkspot


async def main(config: bulkspot.RunConfig) -> None:
    async with bulkspot.open_client(config) as client:
        fee = await client.create("fee", {"event_id": "E1"}, {"label": "Adult", "fee": 10.0})
        label: str = fee["label"]
        print(label)


config = bulkspot.RunConfig(bulkspot.settings_from_env())
summary = bulkspot.run_import("fees", "fees.csv", config=config, event_id="E1")
print(summary.counts)
asyncio.run(main(config))
"""


def editable_venv(tmp_path: Path) -> Path:
    """A venv holding a copy of the repository installed as the README says (`-e .`)."""
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
        "tests", "benchmarks", "docs",
    ))  # fmt: skip
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "-e", str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return python


def mypy_strict(python: Path, folder: Path, script: str) -> list[str]:
    """The errors of `mypy --strict` on `script`, as a user runs it in the venv (no search
    path of this test run's, so only the install can make bulkspot found)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    (folder / "script.py").write_text(script, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--python-executable", str(python), "--cache-dir", str(folder / ".mypy_cache"),
         "script.py"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    return [line.split(": error: ", 1)[1] for line in lines if ": error: " in line]


@pytest.mark.slow
def test_mypy_strict_follows_the_editable_install(tmp_path: Path) -> None:
    python = editable_venv(tmp_path)
    user = tmp_path / "user"
    user.mkdir()
    assert mypy_strict(python, user, SCRIPT) == []
    misspelt = SCRIPT.replace('{"label": "Adult"', '{"lable": "Adult"')
    assert mypy_strict(python, user, misspelt) == [
        'No overload variant of "create" of "ClientSurface" matches argument types "str", '
        '"dict[str, str]", "dict[str, object]"  [call-overload]'
    ]
