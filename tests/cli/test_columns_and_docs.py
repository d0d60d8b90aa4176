"""`bulkspot columns KIND`, and the README kept in step with it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from bulkspot.cli import columns_cmd
from bulkspot.cli.options import KINDS
from bulkspot.core.columns import describe_columns
from tests.cli.invoke import Cli
from tests.paths import REPO


def test_columns_off_a_terminal_is_plain_text(run_cli: Cli) -> None:
    result = run_cli("columns", "items")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b" not in out
    assert "name  (required)" in out
    assert "attribute_quantity" in out
    assert "also read from: Item, Item Name, Product, Product Name" in out


def test_columns_on_a_terminal_is_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=160)
    monkeypatch.setattr(columns_cmd, "make_console", lambda: console)
    columns_cmd.columns_command.main(["promocodes"], standalone_mode=False)
    text = buffer.getvalue()
    assert "columns of a promocodes sheet" in text
    assert "\x1b[" in text and "code_name" in text and "4-12 letters, digits or _" in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_readme_documents_every_column(kind: str) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split(f"### {kind}", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    for doc in describe_columns(kind):
        assert f"| `{doc.name}` |" in section, f"README: {kind} lacks {doc.name}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_readme_tables_are_what_bulkspot_columns_prints(kind: str) -> None:
    readme = (REPO / "README.md").read_text()
    marker = f"<!-- bulkspot columns {kind} --markdown -->\n"
    table = readme.split(marker, 1)[1].split("<!-- end -->", 1)[0].strip()
    assert table == columns_cmd.markdown(kind, describe_columns(kind)), (
        f"README's {kind} table is stale: paste `bulkspot columns {kind} --markdown` "
        "between its markers"
    )


def test_the_readme_keeps_its_quick_start_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert (
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/bulkspot demo"
        in readme
    )
    assert (
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && "
        ".venv/bin/python -m pytest" in readme
    )
