"""Fixtures of the core tests: one reader of the SDK payloads for the session."""

from __future__ import annotations

import pytest

from tests.core.payloads import FixtureReader
from tests.paths import FIXTURES


@pytest.fixture(scope="session")
def fixture_reader() -> FixtureReader:
    """One reader for the session: a missing fixture directory fails, it is never skipped."""
    assert FIXTURES.is_dir(), f"the fixtures are missing: {FIXTURES}"
    return FixtureReader(FIXTURES)
