"""The packages: bulkspot/ and its subpackages, and the repository's samples/ folder as
`bulkspot.samples` (pyproject.toml maps the folder and lists its data), so `bulkspot demo`
finds its sheets in an installed wheel. `packages.find` in pyproject.toml cannot add a
package whose folder lies outside bulkspot/; everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["bulkspot*"]), "bulkspot.samples"])
