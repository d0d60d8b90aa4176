"""The SDKs' example payloads (tests/fixtures/ctct-v2), read by name, remembering which."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class FixtureReader:
    """Reads fixture files by name and remembers which ones were read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read: set[str] = set()

    def __call__(self, name: str) -> Any:
        self.read.add(name)
        return json.loads((self.root / name).read_text(encoding="utf-8"))

    def present(self) -> set[str]:
        return {p.name for p in self.root.glob("*.json")}
