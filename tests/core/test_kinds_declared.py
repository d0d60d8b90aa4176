"""Everything about a kind lives with the kind: the registry gathers the specs that the
modules of `bulkspot.core.kinds` declare, each spec names its planner, and the rest of the
package asks the registry instead of writing kind names down."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bulkspot
from bulkspot.core import kinds
from bulkspot.core.columns import columns_for
from bulkspot.core.planners import Planner, planner_for
from bulkspot.core.resources import RESOURCES, declared_specs

PACKAGE = Path(bulkspot.__file__).parent
# where kind names are the data: the declarations, the simulator (a stand-in for the API,
# which imports nothing of the client) and the library's typed resources
DECLARED_IN = ("core/kinds/", "simulator/", "types.py", "core/typegen")  # and types' makers
# its per-kind overloads become one generic signature (issue 22, another part of it):
# then this exemption goes
PENDING: tuple[str, ...] = ()
# the CLI's command names (`bulkspot events`, `bulkspot promocodes`, in app.py and their
# groups), the FILE argument of import, the "event" key of the journals' identities (a word
# of their format), and the facade's read of promocodes: 9 literals, at most 10 allowed
MOST_LITERALS = 9


def kind_literals() -> list[str]:
    """Every string constant equal to a registered kind's name or plural, outside the
    places kinds are declared: "path:line 'name'"."""
    names = {s.kind for s in RESOURCES.values()} | {s.plural for s in RESOURCES.values()}
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(DECLARED_IN + PENDING):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{where}:{node.lineno} {node.value!r}")
    return found


def test_kind_names_are_written_down_only_where_kinds_are_declared() -> None:
    found = kind_literals()
    assert len(found) <= MOST_LITERALS, "\n".join(found)


def test_the_registry_holds_what_the_kinds_modules_declare_parents_first() -> None:
    declared = declared_specs()
    assert tuple(RESOURCES.values()) == declared
    modules = {spec.kind: spec for spec in declared}
    assert len(modules) == len(declared)  # no kind declared twice
    for index, spec in enumerate(declared):
        if spec.parent is not None:
            assert spec.parent in [s.kind for s in declared[:index]], spec.kind
    assert list(RESOURCES) == [
        "event", "fee", "item", "attribute", "promocode", "registrant", "folder", "file",
        "list", "campaign", "schedule",
    ]  # fmt: skip


def test_each_kind_names_a_planner_that_exists() -> None:
    planners = {kind: planner_for(kind) for kind in RESOURCES}
    assert all(issubclass(p, Planner) for p in planners.values())
    named = {kind: p.__name__ for kind, p in planners.items() if p is not Planner}
    assert named == {
        "event": "EventPlanner",
        "item": "ItemPlanner",
        "attribute": "AttributePlanner",
        "promocode": "PromocodePlanner",
        "folder": "FolderPlanner",
        "file": "FilePlanner",
        "campaign": "CampaignPlanner",
        "schedule": "SchedulePlanner",
    }


def test_aliases_docs_and_export_columns_name_columns_of_their_kind() -> None:
    for spec in RESOURCES.values():
        if not spec.importable:
            continue
        columns = {c.name for c in columns_for(spec.kind)}
        declared = {*spec.sheet.aliases, *spec.sheet.docs, *spec.sheet.exported}
        assert declared <= columns, (spec.kind, declared - columns)


def test_the_kinds_import_neither_the_registry_nor_the_planners() -> None:
    """core/kinds is the bottom of the registry: the registry imports it, the planners import
    the registry, so a kind names its planner and never imports one."""
    modules = [f"{kinds.__name__}.{p.stem}" for p in Path(kinds.__file__).parent.glob("*.py")]
    script = (
        f"import sys\nfor m in {modules!r}: __import__(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('bulkspot')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "bulkspot.core.resources" not in loaded
    assert "bulkspot.core.planners" not in loaded
