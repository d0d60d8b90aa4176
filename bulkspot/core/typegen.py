"""bulkspot/types.py, written from the registry: the `Kind` literal, one TypedDict per kind
(its fields and their types as the spec declares them; core/typegen_shapes.py), the path ids
each kind needs, and the client's signatures per kind (core/typegen_client.py), so a script
checked by mypy sees a misspelt field, a wrong kind or a wrong id key. Generated, not restated
by hand: tests/core/test_typegen.py holds the file to `render()`, and
`python -m bulkspot.core.typegen` writes it again after a kind changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from bulkspot.core.resources import RESOURCES
from bulkspot.core.typegen_client import client_surface, writable_function
from bulkspot.core.typegen_shapes import ShapeWriter, class_name, ids_classes, ids_name

TARGET = Path(__file__).resolve().parents[1] / "types.py"

HEADER = '''\
"""The shapes of the API's resources and the client's signatures, for scripts checked by mypy.

GENERATED from the registry by `python -m bulkspot.core.typegen`: do not edit (a test holds
this file to the specs). `Kind` names the resource kinds; one `TypedDict` per resource, every
field optional (total=False): the API leaves out what is not set, and a body a script builds
holds only what it sends, so a misspelt field is an error. The `...Ids` are the path ids a
kind's collection needs. A list of events answers summaries (`EventSummary`): GET one event
for the whole of it; every other list answers whole resources.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, TypedDict, overload

from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status
'''


def _listed(head: str, items: Iterable[str]) -> str:
    """`head[` or `head{`, one item a line, closed."""
    close = {"[": "]", "{": "}"}[head[-1]]
    return head + "\n" + "".join(f"    {item},\n" for item in items) + close


def render() -> str:
    """The text of bulkspot/types.py for the kinds registered now."""
    specs = list(RESOURCES.values())
    writer = ShapeWriter()
    for spec in specs:
        writer.resource(spec)
    sections = [
        HEADER + "\n" + _listed("Kind = Literal[", (f'"{spec.kind}"' for spec in specs)),
        *writer.blocks,
        *ids_classes(specs),
        _listed(
            "RESOURCE_TYPES: dict[str, type] = {",
            (f'"{spec.kind}": {class_name(spec.kind)}' for spec in specs),
        ),
        _listed(
            "PATH_IDS: dict[str, type] = {", (f'"{spec.kind}": {ids_name(spec)}' for spec in specs)
        ),
        writable_function(specs),
        client_surface(specs),
    ]
    return "\n\n\n".join(section.strip("\n") for section in sections) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET.name}\n")
