"""The producer asks the journal about a row only when an earlier run left something in it:
a fresh journal costs no SELECT a row, and a resumed run still skips what was done."""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.events import RowDone
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import ITEMS, item, run


def counting_lookups(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> list[OpKey]:
    asked: list[OpKey] = []
    look_up = journal.entry

    def entry(key: OpKey) -> Any:
        asked.append(key)
        return look_up(key)

    monkeypatch.setattr(journal, "entry", entry)
    return asked


async def test_a_fresh_journal_is_not_asked_about_each_row(
    fake: FakeSender, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = counting_lookups(journal, monkeypatch)
    await run([item(n, f"Shirt {n}") for n in range(2, 22)], fake, journal)
    assert asked == []
    assert len(fake.collections[ITEMS]) == 20
    assert {Status(e.state) for e in journal.entries()} == {Status.CREATED}


async def test_a_journal_of_an_earlier_run_still_skips_the_rows_done(
    fake: FakeSender, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run([item(2, "Shirt 2")], fake, journal)
    asked = counting_lookups(journal, monkeypatch)
    _, events = await run([item(2, "Shirt 2"), item(3, "Shirt 3")], fake, journal)
    assert asked == [OpKey(2), OpKey(3)]
    assert [r["name"] for r in fake.collections[ITEMS]] == ["Shirt 2", "Shirt 3"]
    resumed = [e.key for e in events if isinstance(e, RowDone) and e.resumed]
    assert resumed == [OpKey(2)]
