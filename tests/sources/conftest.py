"""Fixtures of the sheet-reading tests: rows written as a file in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.sources.files import write_csv, write_xlsx


@pytest.fixture
def sheet_file(tmp_path: Path) -> Callable[..., Path]:
    """Write rows as a CSV (or XLSX, by the name's extension) in a temporary folder."""

    def make(name: str, rows: Iterable[Sequence[Any]], **options: Any) -> Path:
        path = tmp_path / name
        if path.suffix == ".xlsx":
            return write_xlsx(path, rows, **options)
        return write_csv(path, rows, **options)

    return make
