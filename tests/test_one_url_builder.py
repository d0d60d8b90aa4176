"""DESIGN.md: one place builds every request's URL. Over the whole client side: a request
goes out only as an `Address` (segments and a query, or a server's next_link), the sender
alone joins one to the base URL, and no other code splices text into a path or a query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bulkspot

PACKAGE = Path(bulkspot.__file__).resolve().parent
# where an address becomes text: the path type (each segment encoded) and the sender (the URL)
THE_ONE_PLACE = {"core/apipath.py", "transport/aiohttp_sender.py"}
# `?limit=`, `&api_key=`, `api_key=`: a query joined by hand (a message that names the
# accounts file's `api_key_env` column is no query)
QUERY = re.compile(r"[?&]\w+=|\bapi_key=")
URL_TOOLS = {"quote", "quote_plus", "urlencode", "urljoin", "unquote", "parse_qsl"}
# file URIs that open a local journal read-only: not a request, no cell in them
FILE_URIS = {("sinks/journal_state.py", "?mode=ro")}  # read_only: a SQLite file URI


def _client_modules() -> list[tuple[str, ast.Module]]:
    """Every module of the client side (the simulator is someone else's server)."""
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "simulator" not in path.relative_to(PACKAGE).parts
    ]


def _texts(node: ast.AST) -> list[str]:
    """The literal text of a str constant or of an f-string's fixed parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    return []


def test_send_and_attempt_take_only_an_address() -> None:
    found: list[str] = []
    for name, module in _client_modules():
        for node in ast.walk(module):
            if isinstance(node, ast.AsyncFunctionDef) and node.name in ("send", "attempt"):
                args = [a for a in node.args.args if a.arg != "self"]
                if len(args) >= 2:
                    found.append(f"{name}:{node.name}:{ast.unparse(args[1].annotation or args[1])}")
    assert found, "no send/attempt found: the test looks in the wrong place"
    assert all(entry.endswith(":Address") for entry in found), found


def test_no_call_sends_text_as_an_address() -> None:
    texty = (ast.Constant, ast.JoinedStr, ast.BinOp)
    bad: list[str] = []
    for name, module in _client_modules():
        for node in ast.walk(module):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("send", "attempt")
                and len(node.args) >= 2
            ):
                address = node.args[1]
                is_format = (
                    isinstance(address, ast.Call)
                    and isinstance(address.func, ast.Attribute)
                    and address.func.attr in ("format", "format_map", "join", "replace")
                )
                if isinstance(address, texty) or is_format:
                    bad.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert bad == []


def test_no_code_but_the_one_place_encodes_or_joins_a_url() -> None:
    bad: list[str] = []
    for name, module in _client_modules():
        if name in THE_ONE_PLACE:
            continue
        for node in ast.walk(module):
            if isinstance(node, ast.ImportFrom) and node.module == "urllib.parse":
                tools = {a.name for a in node.names} & URL_TOOLS
                bad += [f"{name}:{node.lineno}: imports {tool}" for tool in sorted(tools)]
            if isinstance(node, ast.Attribute) and node.attr == "format_map":
                bad.append(f"{name}:{node.lineno}: format_map")
            joined = isinstance(node, ast.JoinedStr) or (
                isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
            )
            parts = (
                [t for side in (node.left, node.right) for t in _texts(side)]
                if isinstance(node, ast.BinOp)
                else _texts(node)
            )
            for text in parts if joined else ():
                if QUERY.search(text) and (name, text) not in FILE_URIS:
                    bad.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert bad == []


def test_the_one_place_is_where_the_test_looks() -> None:
    """The allowed modules exist and do the work, so the rules above hold something."""
    sender = (PACKAGE / "transport/aiohttp_sender.py").read_text(encoding="utf-8")
    assert "def url_for(self, path: Address) -> str:" in sender
    assert "def encode_segment(" in (PACKAGE / "core/apipath.py").read_text(encoding="utf-8")
