"""The rules of MyLibrary folders and files and of contact lists (ctct-v2.md section 5),
written from the API's pages like rules.py; the store adds what needs the data (levels,
names in use, 404s)."""

from __future__ import annotations

import re

from bulkspot.simulator import guesses as g
from bulkspot.simulator.ruleset import Rules
from bulkspot.simulator.schema import Field, Kind

LATIN_1 = re.compile(r"[\u0020-\u007e\u00a0-\u00ff]+")  # "ISO-8859-1 only"
LIST_STATUSES = ("ACTIVE", "HIDDEN")


def _name(
    high: int | None, required: bool, latin_1: bool = False, guess: str | None = None
) -> Field:
    return Field(
        "name",
        Kind.STRING,
        required=required,
        min_length=1,
        max_length=high,
        pattern=LATIN_1 if latin_1 else None,
        pattern_hint="ISO-8859-1 (Latin-1) characters only" if latin_1 else "",
        required_guess=guess,
    )


_PARENT = Field("parent_id", Kind.STRING, min_length=1)
FOLDER_CREATE = Rules("folder", (_name(40, True, latin_1=True), _PARENT))
FOLDER_UPDATE = Rules("folder", (_name(40, False, latin_1=True), _PARENT))
FILE = Rules(
    "file",
    (
        _name(None, True, guess=g.FILE_NAME_REQUIRED),
        Field("description", Kind.STRING),
        Field("folder_id", Kind.STRING, min_length=1),
    ),
)
LIST = Rules(
    "list",
    (
        _name(None, True, guess=g.LIST_NAME_REQUIRED),
        Field("status", Kind.ENUM, choices=LIST_STATUSES),
    ),
)


def unblanked(body: dict[str, object]) -> dict[str, object]:
    """A list body with its blank properties left out: "any properties left blank or not
    included in the call will delete those property values" (the list PUT page, seed-002)."""
    return {key: value for key, value in body.items() if value != ""}
