"""Issue 22: the run events' fields are documented (docs/run-events.md), generated from the
dataclasses so the page cannot drift from them, and every field says what it means."""

from __future__ import annotations

from typing import get_args

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome
from bulkspot.runner import events, events_doc


def test_the_page_is_the_generated_text() -> None:
    """If this fails after an event changed: `python -m bulkspot.runner.events_doc`."""
    assert events_doc.TARGET.read_text(encoding="utf-8") == events_doc.render()


def test_every_field_of_every_event_says_what_it_means() -> None:
    page = events_doc.render()
    for cls in (*get_args(events.Event), OpKey, Outcome):
        comments = events_doc._comments(cls)
        for name, _ in events_doc.fields_of(cls):
            assert comments.get(name), f"{cls.__name__}.{name} has no comment to document it"
        assert f"\n## {cls.__name__}\n" in page or f"\n### {cls.__name__}\n" in page


def test_a_field_row_reads_as_its_source() -> None:
    assert (
        "| `status` | `int \\| None` | the HTTP status; None when no answer came (timeout, "
        "reset) |" in events_doc.render()
    )
