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
