"""Backoff waits (core/backoff.py): a doubling ceiling up to the cap, a full-jitter draw below
it, and a server's Retry-After within its own cap."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulkspot.core.backoff import NO_WAIT, Backoff

quick = settings(derandomize=True, max_examples=60, deadline=None, database=None)


def test_ceiling_doubles_up_to_the_cap() -> None:
    backoff = Backoff(base=0.5, cap=30.0)
    assert [backoff.ceiling(n) for n in range(0, 9)] == [0.5, 0.5, 1, 2, 4, 8, 16, 30, 30]


@pytest.mark.parametrize("attempt", [1025, 2000, 10**6])
def test_ceiling_of_a_late_attempt_is_the_cap(attempt: int) -> None:
    """2.0 ** 1024 overflows a float: a late attempt gets the cap, not an OverflowError."""
    assert Backoff(base=0.5, cap=30.0).ceiling(attempt) == 30.0
    assert Backoff(base=0.0, cap=30.0).ceiling(attempt) == 0.0
    assert NO_WAIT.ceiling(attempt) == 0.0


@quick
@given(attempt=st.integers(1, 5000), seed=st.integers(0, 2**32))
def test_wait_is_a_full_jitter_draw_below_the_ceiling(attempt: int, seed: int) -> None:
    backoff = Backoff()
    wait = backoff.wait(attempt, random.Random(seed))
    assert 0 <= wait <= backoff.ceiling(attempt) <= backoff.cap
    assert wait == backoff.wait(attempt, random.Random(seed))  # seeded: repeatable


@pytest.mark.parametrize(("retry_after", "wait"), [(7.0, 7.0), (0.0, 0.0), (500.0, 120.0)])
def test_retry_after_wins_within_its_cap(retry_after: float, wait: float) -> None:
    assert Backoff().wait(3, random.Random(1), retry_after=retry_after) == wait


def test_negative_times_are_refused() -> None:
    with pytest.raises(ValueError):
        Backoff(base=-1)
