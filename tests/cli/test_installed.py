"""Installed, not cloned (issue 12): a wheel carries the samples and `bulkspot demo` finds
them in an installed copy; missing credentials are said together."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bulkspot.cli import demo_cmd
from tests.cli.invoke import Cli
from tests.paths import REPO, SAMPLES


@pytest.mark.slow
def test_a_wheel_carries_the_samples_and_the_installed_demo_finds_them(tmp_path: Path) -> None:
    source = tmp_path / "source"  # built from a copy: setuptools leaves build/ where it builds
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
    ))  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
         "-w", str(tmp_path / "dist"), "-q"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("bulkspot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sample in demo_cmd.SAMPLES:
        assert f"bulkspot/samples/{sample}" in names
    assert "bulkspot/samples/inventory.xlsx" in names

    # an installed copy, not the checkout: unpacked where nothing of the repository is
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import bulkspot, pathlib; from bulkspot.cli.demo_cmd import samples_folder; "
        "print(pathlib.Path(bulkspot.__file__).parent); print(samples_folder())"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=60)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert found.stdout == f"{site / 'bulkspot'}\n{site / 'bulkspot' / 'samples'}\n"
    helped = subprocess.run(
        [sys.executable, "-m", "bulkspot", "demo", "--help"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert helped.returncode == 0, helped.stderr
    assert "[default: those installed with bulkspot]" in helped.stdout


def test_the_demo_finds_the_checkouts_samples_when_none_are_installed() -> None:
    assert demo_cmd.installed_samples() == SAMPLES


def test_without_any_samples_the_demo_says_how_to_get_them(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_cmd, "installed_samples", lambda: None)
    result = run_cli("demo", "--out", "demo")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the demo's samples (events.csv, fees.csv, inventory.csv, promocodes.csv) are "
        "not installed with bulkspot; reinstall it (`pip install bulkspot` or `pip install .` "
        "from its repository), or point --samples at a copy of its samples/ folder\n"
    )
