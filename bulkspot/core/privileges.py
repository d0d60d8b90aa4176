"""Which privilege a request needs, read from the resource rules: a refused call's message
names what to grant, and errors.py (which imports nothing of bulkspot) cannot ask."""

from __future__ import annotations

from bulkspot.core.resources import spec_for_path


def privilege_needed(method: str, path: str) -> str | None:
    """The privilege `method path` needs (`v2/` prefix and query ignored), None when the
    rules do not know the path."""
    if not method:
        return None
    bare = path.split("?", 1)[0].strip("/")
    bare = bare[3:] if bare.startswith("v2/") else bare
    found = spec_for_path(bare)
    return found[0].privilege_for(method) if found is not None else None
