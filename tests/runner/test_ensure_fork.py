"""A script that forks workers while one of its tasks holds a target for `Client.ensure`:
the child inherited the parent's hold and joined it, so parent and child looked up and made
the same names at once. A forked child holds none of its parent's targets."""

from __future__ import annotations

import os
from pathlib import Path

import anyio
import pytest

from bulkspot.errors import TargetBusyError
from bulkspot.runner.targets import holding_for_ensure

IDS = {"event_id": "E1"}


async def child_tries() -> int:
    """0 when the child is kept out of the target its parent holds, 1 when it got in."""
    try:
        async with holding_for_ensure("account-hash", "fee", IDS, wait=0.1):
            return 1
    except TargetBusyError:
        return 0


def test_a_forked_child_does_not_join_its_parents_hold(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BULKSPOT_CACHE_DIR", str(tmp_path))

    async def parent() -> int:
        async with holding_for_ensure("account-hash", "fee", IDS):
            child = os.fork()
            if child == 0:
                code = 2
                try:
                    code = anyio.run(child_tries)
                finally:
                    os._exit(code)
            _, status = os.waitpid(child, 0)
            return os.waitstatus_to_exitcode(status)

    assert anyio.run(parent) == 0
