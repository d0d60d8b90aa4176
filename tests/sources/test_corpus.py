"""Every bad input of the corpus through the library path (open_sheet -> map_columns ->
plan_rows): the exact row and column named, and never an exception that is not bulkspot's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bulkspot.errors import BulkspotError, InputError
from tests.sources.corpus_build import BUILDERS, CORPUS, EXPECTED, corpus
from tests.sources.planned import plan_file


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("corpus"))


def test_the_corpus_is_large_and_fully_described() -> None:
    committed = {p.name for p in CORPUS.iterdir()} - {"EXPECTED.json"}
    assert len(committed | set(BUILDERS)) >= 30
    assert committed | set(BUILDERS) == set(EXPECTED)
    assert {n for n, e in EXPECTED.items() if e.get("generated")} == set(BUILDERS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str, corpus_dir: Path) -> None:
    expected: dict[str, Any] = EXPECTED[name]
    path = corpus_dir / name
    try:
        planned = plan_file(
            expected["kind"],
            path,
            event=expected.get("event", "E1"),
            overrides=expected.get("map"),
            sheet=expected.get("sheet"),
        )
    except BulkspotError as error:
        assert "file_error" in expected, f"unexpected file-level error: {error}"
        assert isinstance(error, InputError)
        assert expected["file_error"] in str(error)
        return
    assert "file_error" not in expected, f"expected a file-level error: {expected['file_error']}"
    if "rows" in expected:
        rows = {e.row for e in planned.errors} | {op.key.row for op in planned.ops}
        assert len(rows) == expected["rows"]
    if "warning" in expected:
        assert any(expected["warning"] in w for w in planned.warnings), planned.warnings
    if "row" not in expected:
        assert planned.errors == []
        return
    # "held": valid rows of an item not sent because another row of the item is invalid
    assert planned.invalid_rows == sorted([expected["row"], *expected.get("held", [])]), (
        planned.errors
    )
    problems = planned.error_on(expected["row"]).problems
    assert any(
        expected["column"] in p.column and expected["message"] in p.message for p in problems
    ), problems
