"""The tree drawn in bulkspot/errors.py's docstring is the tree of the classes: every drawn
name is a BulkspotError with the drawn parent, and every BulkspotError in the package is drawn."""

from __future__ import annotations

import importlib
import pkgutil
import re

import bulkspot
from bulkspot import errors
from bulkspot.errors import BulkspotError

# "    │   ├── NotFoundError          404": the name's column gives its depth.
_NODE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w*)(?:\s|$)")
_BRANCH = 4  # "├── " and "│   " are four characters wide


def drawn_tree() -> dict[str, str | None]:
    """name -> the name drawn as its parent (None for the root), read from the docstring."""
    assert errors.__doc__
    lines = errors.__doc__.split("\n\n", 2)[1].splitlines()
    margin = len(lines[0]) - len(lines[0].lstrip())
    parents: dict[str, str | None] = {}
    path: list[str] = []
    for line in lines:
        match = _NODE.match(line[margin:])
        assert match, f"not a node of the tree: {line!r}"
        depth = len(match["indent"]) // _BRANCH
        assert depth <= len(path), f"a node without a parent: {line!r}"
        del path[depth:]
        name = match["name"]
        assert name not in parents, f"{name} is drawn twice"
        parents[name] = path[-1] if path else None
        path.append(name)
    return parents


def defined_errors() -> dict[str, type[BulkspotError]]:
    """Every BulkspotError subclass that a module of the package defines, by name."""
    for module in pkgutil.walk_packages(bulkspot.__path__, "bulkspot."):
        if module.name != "bulkspot.__main__":  # that one runs the command line
            importlib.import_module(module.name)
    found: dict[str, type[BulkspotError]] = {}
    pending: list[type[BulkspotError]] = [BulkspotError]
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("bulkspot."):
            assert found.setdefault(cls.__name__, cls) is cls, f"two classes {cls.__name__}"
        pending.extend(cls.__subclasses__())
    return found


def test_the_drawing_is_read_whole() -> None:
    tree = drawn_tree()
    assert tree["BulkspotError"] is None
    assert tree["CodeSpaceError"] == "GenerateError"
    assert tree["RequestTimeout"] == "NetworkError"
    assert tree["UnknownKindError"] == "UsageError"
    assert len(tree) == 32


def test_every_drawn_error_is_a_class_with_the_drawn_parent() -> None:
    classes = defined_errors()
    for name, parent in drawn_tree().items():
        assert name in classes, f"{name} is drawn in errors.py but no such BulkspotError exists"
        bases = [b.__name__ for b in classes[name].__bases__ if issubclass(b, BulkspotError)]
        assert bases == ([parent] if parent else []), f"{name}: drawn under {parent}, is {bases}"


def test_every_error_of_the_package_is_drawn() -> None:
    undrawn = sorted(set(defined_errors()) - set(drawn_tree()))
    assert undrawn == [], f"draw these in the tree of bulkspot/errors.py: {undrawn}"


def test_the_errors_a_person_can_cause_in_core_are_bulkspot_errors() -> None:
    from bulkspot.core.codes import CodeSpaceError, GenerateError, TermsError
    from bulkspot.core.mapping import ColumnError

    assert issubclass(GenerateError, errors.ConfigError)
    assert issubclass(CodeSpaceError, GenerateError) and issubclass(TermsError, GenerateError)
    assert issubclass(ColumnError, errors.InputError)
