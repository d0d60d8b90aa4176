"""The import rules of DESIGN.md: `core` is pure, and the simulator shares nothing with the
client side."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import bulkspot

BANNED = ("aiohttp", "anyio", "click", "rich", "orjson", "openpyxl")
PACKAGE = Path(bulkspot.__file__).resolve().parent

_IMPORT_ALL_OF_CORE = f"""
import importlib, json, pkgutil, sys
import bulkspot.core
names = sorted(m.name for m in pkgutil.walk_packages(bulkspot.core.__path__, "bulkspot.core."))
for name in names:
    importlib.import_module(name)
banned = sorted(
    m for m in sys.modules if any(m == b or m.startswith(b + ".") for b in {BANNED!r})
)
print(json.dumps({{"modules": names, "banned": banned}}))
"""


def test_core_imports_no_io_or_ui_package() -> None:
    """Every module under bulkspot/core, found by pkgutil so new ones are covered, imported
    in a fresh interpreter: none of the banned packages gets loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_OF_CORE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=PACKAGE.parent,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    on_disk = {p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__"}
    assert {m.rsplit(".", 1)[1] for m in found["modules"]} >= on_disk
    assert {"resources", "validate", "coerce", "backoff", "outcome", "operation"} <= on_disk
    assert found["banned"] == [], f"core pulled in {found['banned']}"


def _imports_of(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file of `package`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1] if node.level <= len(parts) else []
                module = ".".join([*base, node.module] if node.module else base)
                found += [(node.lineno, module or ".")]
                if not node.module:  # from . import x: x may be a module of the package
                    found += [(node.lineno, f"{module}.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _package_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts if path.name == "__init__.py" else parts[:-1]).removesuffix(".__init__")


def test_simulator_imports_nothing_of_the_client_side() -> None:
    """A fake of someone else's server must not share the client's assumptions: within
    bulkspot the simulator imports only bulkspot.simulator."""
    files = sorted((PACKAGE / "simulator").rglob("*.py"))
    assert files, "bulkspot/simulator is missing"
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {module}"
        for path in files
        for line, module in _imports_of(path, _package_of(path))
        if (module == "bulkspot" or module.startswith("bulkspot."))
        and not (module == "bulkspot.simulator" or module.startswith("bulkspot.simulator."))
    ]
    assert wrong == []


def test_the_import_checker_sees_what_it_should(tmp_path: Path) -> None:
    """The checker itself: absolute and relative imports, resolved against the package."""
    source = (
        "import os\nimport bulkspot.core.resources\nfrom bulkspot import errors\n"
        "from . import store\nfrom .faults import Fault\nfrom .. import config\n"
        "from ..transport import client\n"
    )
    path = tmp_path / "handlers.py"
    path.write_text(source, encoding="utf-8")
    modules = [m for _, m in _imports_of(path, "bulkspot.simulator")]
    assert modules == [
        "os",
        "bulkspot.core.resources",
        "bulkspot",
        "bulkspot.simulator",
        "bulkspot.simulator.store",
        "bulkspot.simulator.faults",
        "bulkspot",
        "bulkspot.config",
        "bulkspot.transport",
    ]
    assert _package_of(PACKAGE / "simulator" / "app.py") == "bulkspot.simulator"
    assert _package_of(PACKAGE / "simulator" / "__init__.py") == "bulkspot.simulator"


# The layers of DESIGN.md, lowest first: a module imports only from its own unit or from a
# unit of a lower rank. Units of one rank are siblings and import nothing of each other.
RANKS = {
    "errors": 0,
    "core": 1,
    **dict.fromkeys(("config", "events", "types"), 2),
    **dict.fromkeys(("sources", "sinks", "transport"), 3),
    "runner": 4,
    "facade": 5,  # bulkspot, bulkspot.api and its modules: api_*, session, connection
    "cli": 6,
}
FACADE = ("api", "session", "connection")
# What the command line may import of the library: the facade, and the three modules whose
# names a caller of the facade holds anyway (its errors, its config, its run events).
CLI_MAY_IMPORT = (
    "bulkspot",
    "bulkspot.api",
    "bulkspot.errors",
    "bulkspot.config",
    "bulkspot.events",
)
SIMULATOR_USERS = ("bulkspot.cli.serve", "bulkspot.cli.demo_cmd")

Graph = dict[str, dict[str, bool]]  # module -> imported module -> only under TYPE_CHECKING


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_with_flags(tree: ast.Module, package: str) -> list[tuple[tuple[str, ...], bool]]:
    """(what it may name, best first; only under TYPE_CHECKING) of every import, at any
    depth: `from a import b` names the module a.b when there is one, else a."""
    found: list[tuple[tuple[str, ...], bool]] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            found.extend(((alias.name,), type_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.extend(((f"{module}.{alias.name}", module), type_only) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(tree, False)
    return found


def module_graph(root: Path = PACKAGE) -> Graph:
    """Every module of the package and the package's modules it imports (`from a import b`
    counts as a.b when b is a module, else as a); an import is type-only when every import
    of that module in the file is under `if TYPE_CHECKING:`."""
    files = {_module_name(path, root): path for path in root.rglob("*.py")}
    graph: Graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges = graph.setdefault(name, {})
        for names, type_only in _imports_with_flags(tree, package):
            module = next((n for n in names if n in files), None)  # None: another package
            if module is not None and module != name:
                edges[module] = edges.get(module, True) and type_only
    return graph


def unit_of(module: str) -> str:
    """The layer unit of a bulkspot module: `bulkspot.runner.pool` -> runner."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in FACADE or parts[1].startswith("api_"):
        return "facade"
    return "cli" if parts[1] == "__main__" else parts[1]


def cycles(graph: Graph, *, type_only_too: bool) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target, type_only in graph.get(module, {}).items():
            if type_only and not type_only_too:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_the_layers_import_one_way() -> None:
    """errors <- core <- config | events | types <- sources | sinks | transport <- runner <-
    api <- cli, TYPE_CHECKING imports included: every module of bulkspot is in a layer."""
    graph = module_graph()
    units = {unit_of(module) for module in graph}
    assert units == {*RANKS, "simulator"}, units
    wrong = [
        f"{module} -> {target}"
        for module, targets in sorted(graph.items())
        for target in targets
        if unit_of(module) in RANKS
        and unit_of(target) != unit_of(module)
        and RANKS.get(unit_of(target), len(RANKS)) >= RANKS[unit_of(module)]
        and not (module in SIMULATOR_USERS and unit_of(target) == "simulator")
    ]
    assert wrong == []


def test_the_cli_reaches_the_library_only_through_the_facade() -> None:
    """The command line imports the facade (bulkspot, bulkspot.api, bulkspot.api_*), the
    errors, the config and the run events; only `serve` and `demo` import the simulator."""
    graph = module_graph()
    cli_modules = [m for m in graph if unit_of(m) == "cli"]
    assert "bulkspot.cli.import_cmd" in cli_modules and len(cli_modules) > 20
    wrong = [
        f"{module} -> {target}"
        for module in sorted(cli_modules)
        for target in graph[module]
        if unit_of(target) != "cli"
        and target not in CLI_MAY_IMPORT
        and not target.startswith("bulkspot.api_")
        and not (module in SIMULATOR_USERS and unit_of(target) == "simulator")
    ]
    assert wrong == []


def test_errors_imports_nothing_of_bulkspot() -> None:
    """The root of every error sits under everything: it imports no module of bulkspot, not
    even for a type."""
    assert module_graph()["bulkspot.errors"] == {}


def test_no_two_modules_import_each_other() -> None:
    """No import cycle between bulkspot's modules, lazy imports and imports under `if
    TYPE_CHECKING:` included (the adopter typed the writer it is handed by importing it;
    it names what it needs of it in a Protocol now)."""
    graph = module_graph()
    assert cycles(graph, type_only_too=False) == []
    assert cycles(graph, type_only_too=True) == []  # not even one made only for the types


def test_the_graph_sees_lazy_type_only_and_submodule_imports(tmp_path: Path) -> None:
    """The checker itself, on a package of three modules."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (root / "sub" / "leaf.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import top\n",
        encoding="utf-8",
    )
    (root / "top.py").write_text(
        "def f():\n    from pkg.sub import leaf\n    from .sub import nothing_here\n",
        encoding="utf-8",
    )
    graph = module_graph(root)
    assert graph["pkg.top"] == {"pkg.sub.leaf": False, "pkg.sub": False}  # leaf, then sub
    assert graph["pkg.sub.leaf"] == {"pkg.top": True}
    assert cycles(graph, type_only_too=False) == []
    assert cycles(graph, type_only_too=True) == [["pkg.sub.leaf", "pkg.top"]]
