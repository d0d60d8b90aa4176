"""Fixtures of the runner tests: a FakeSender and an open journal per test."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender


@pytest.fixture
def journal(tmp_path: Path) -> Iterable[Journal]:
    opened = Journal.open(tmp_path / "run.journal.sqlite", {"kind": "items", "input": "x"})
    yield opened
    opened.close()


@pytest.fixture
def fake() -> FakeSender:
    return FakeSender()
