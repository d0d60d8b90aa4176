"""docs/run-events.md, written from the run events' dataclasses (bulkspot/events.py): each
event, what it says, and its fields with their types and the comment beside each. Generated,
so it cannot drift: tests/runner/test_events_doc.py holds the page to `render()`, and
`python -m bulkspot.runner.events_doc` writes it again after an event changes."""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
from pathlib import Path
from typing import get_args

from bulkspot import events
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status

TARGET = Path(__file__).resolve().parents[2] / "docs" / "run-events.md"
_FIELD = re.compile(r"^    (?P<name>\w+): [^#]*?(?:#\s*(?P<comment>.*))?$")

HEADER = """\
# Run events

<!-- GENERATED from bulkspot/events.py by `python -m bulkspot.runner.events_doc`:
do not edit; a test holds this page to the dataclasses. -->

A run hands each of these frozen dataclasses (`bulkspot.events`) to the observers
given to `import_sheet`, `run_import`, `undo_journal`, `open_client`, `copy` and
`generate_promocodes` (`observers=[callback]`): a callable taking one event, quick and never
raising (one that raises is logged on the `bulkspot` logger and gets no more events). The
library also writes every event to the `bulkspot.run` logger (see the README's library
section). Rows are numbered as the sheet numbers them, the header being row 1.
"""


def _comments(cls: type) -> dict[str, str]:
    """Each field's comment, as written beside it in the source."""
    found: dict[str, str] = {}
    for line in inspect.getsource(cls).splitlines():
        match = _FIELD.match(line)
        if match and match["comment"]:
            found[match["name"]] = match["comment"].strip()
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def fields_of(cls: type) -> list[tuple[str, str]]:
    """(name, type) of a dataclass's or a NamedTuple's fields, in order."""
    if dataclasses.is_dataclass(cls):
        return [(field.name, str(field.type)) for field in dataclasses.fields(cls)]
    hints = cls.__annotations__  # a NamedTuple's: ForwardRefs, under postponed annotations
    names: tuple[str, ...] = getattr(cls, "_fields", ())
    return [(name, str(getattr(hints[name], "__forward_arg__", hints[name]))) for name in names]


def _section(cls: type, level: str = "##") -> str:
    doc = inspect.getdoc(cls) or ""
    said = "" if doc.startswith(f"{cls.__name__}(") else " ".join(doc.split()) + "\n\n"
    comments = _comments(cls)
    rows = [
        f"| `{name}` | `{_cell(kind)}` | {_cell(comments.get(name, ''))} |"
        for name, kind in fields_of(cls)
    ]
    table = "| field | type | meaning |\n|---|---|---|\n" + "\n".join(rows)
    return f"{level} {cls.__name__}\n\n{said}{table}\n"


def _statuses() -> str:
    names = ", ".join(f"`{status}`" for status in Status)
    return f"### Status\n\nA `StrEnum`: {names}.\n"


def render() -> str:
    """The page, for the events the `Event` union names, in its order, then the values
    they carry."""
    return "\n".join(
        [
            HEADER,
            *(_section(cls) for cls in get_args(events.RunEvent)),
            "## Inside the events\n",
            _section(OpKey, "###"),
            _section(Outcome, "###"),
            _statuses(),
        ]
    )


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET.name}\n")
