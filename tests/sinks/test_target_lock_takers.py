"""A target's lock says whether another process took it since this one did: only then may
something have been written there that this process has not seen, so only then does
`Client.ensure` read the collection afresh (one read a call was a GET too many)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulkspot.sinks.target_lock import Target, TargetLocks


def take(target: Target) -> TargetLocks:
    found = TargetLocks.try_take([target], "Client.ensure")
    assert isinstance(found, TargetLocks)
    return found


def test_only_another_process_taking_the_target_asks_for_a_fresh_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BULKSPOT_CACHE_DIR", str(tmp_path))
    target = Target("account-hash", "E1", "fee")
    first = take(target)
    assert first.others_since  # nobody known: a first hold reads anyway
    first.release()
    again = take(target)
    assert not again.others_since  # this process was the latest to take it
    again.release()
    (last,) = tmp_path.glob("locks/*.last")
    last.write_text("4242 another-process", encoding="utf-8")  # another process took it
    after = take(target)
    assert after.others_since
    after.release()
    assert not take(target).others_since


def test_a_forked_child_is_another_taker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A script that forks workers (multiprocessing's default on Linux): a child that took
    the target was named as its parent, so the parent's next ensure skipped the fresh read
    and sent a create for what the child had made."""
    monkeypatch.setenv("BULKSPOT_CACHE_DIR", str(tmp_path))
    target = Target("account-hash", "E1", "fee")
    take(target).release()
    assert not take_and_release(target)  # the parent was the latest to take it
    child = os.fork()
    if child == 0:  # the child takes it, as a worker's ensure would
        code = 0
        try:
            take(target).release()
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert take_and_release(target)  # another process took it since


def take_and_release(target: Target) -> bool:
    taken = take(target)
    taken.release()
    return taken.others_since
