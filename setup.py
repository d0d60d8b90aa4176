"""The packages are bulkspot/ and its subpackages (pyproject.toml); this file only copies the
repository's samples/ folder into a built bulkspot/samples/, so `bulkspot demo` finds its
sheets in an installed wheel. A copy, not a package-dir mapping: with a mapping setuptools
makes `pip install -e .` an import hook that mypy and pyright cannot follow, while without
one the editable install is a plain path entry, where the demo reads samples/ of the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_DATA = ("*.csv", "*.xlsx", "*.json")


class BuildWithSamples(build_py):
    """build_py, then the samples' data into the built package (not in an editable build:
    there bulkspot/ is used where it is, and the checkout's samples/ beside it)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or not SAMPLES.is_dir():
            return
        target = Path(self.build_lib) / "bulkspot" / "samples"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in SAMPLE_DATA:
            for sample in sorted(SAMPLES.glob(pattern)):
                shutil.copyfile(sample, target / sample.name)


setup(cmdclass={"build_py": BuildWithSamples})
