"""Where the tests find the repository's files: the samples and the copied example payloads."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
# The SDKs' example payloads and a v2 documentation page's examples, copied into the
# repository (the origin of each file is in the SOURCES.md beside it).
FIXTURES = REPO / "tests" / "fixtures" / "ctct-v2"
DOC_EXAMPLES = REPO / "tests" / "fixtures" / "ctct-v2-docs"
