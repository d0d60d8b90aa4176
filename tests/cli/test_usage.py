"""Usage errors, credentials and the https rule: a clean message and exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from bulkspot.cli import cli
from tests.cli.conftest import SAMPLES, Cli


def all_commands() -> list[tuple[str, ...]]:
    """Every command path, loading the lazy ones (`group.commands` holds only those loaded)."""
    found: list[tuple[str, ...]] = [()]

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found.append((*path, name))
            if isinstance(command, click.Group):
                walk(command, (*path, name))

    walk(cli, ())
    return found


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "bulkspot")
def test_every_command_has_help_with_an_example(run_cli: Cli, path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    assert "bulkspot " in example


@pytest.mark.parametrize(
    ("command", "sections"),
    [
        ("import", ["Input", "Limits", "Output", "Credentials"]),
        ("promocodes generate", ["Input", "Codes", "Limits", "Output", "Credentials"]),
        ("undo", ["Input", "Limits", "Output", "Credentials"]),
    ],
)
def test_the_shared_option_groups_have_their_own_headings(
    run_cli: Cli, command: str, sections: list[str]
) -> None:
    text = run_cli(*command.split(), "--help").output
    headings = [line[:-1] for line in text.splitlines() if line[:1].isupper() and line[-1:] == ":"]
    assert headings == [*sections, "Options"], text
    credentials = text.split("\nCredentials:\n", 1)[1].split("\n\n", 1)[0]
    for flag in ("--base-url", "BULKSPOT_BASE_URL", "--api-key", "CTCT_API_KEY", "--token",
                 "CTCT_ACCESS_TOKEN"):  # fmt: skip
        assert flag in credentials


@pytest.mark.parametrize("command", ["import", "promocodes generate", "undo", "demo"])
def test_the_commands_of_the_design_are_there(run_cli: Cli, command: str) -> None:
    assert run_cli(*command.split(), "--help").exit_code == 0


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "items.csv"
    path.write_text("name,price\nHat,5\n")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "widgets", "x.csv"], "'widgets' is not one of"),
        (["import", "items", "missing.csv"], "does not exist"),
        (["import", "items", "{sheet}", "--rate", "0"], "--rate"),
        (["import", "items", "{sheet}", "--concurrency", "lots"], "whole number or 'auto'"),
        (["import", "items", "{sheet}", "--concurrency", "0"], "at least 1"),
        (["import", "items", "{sheet}", "--map", "Size"], "is not COLUMN=FIELD"),
        (["import", "items", "{sheet}", "--map", "A=name", "--map", "A=price"], "mapped twice"),
        (["import", "items", "{sheet}", "--on-existing", "merge"], "'merge' is not one of"),
        (["columns", "widgets"], "'widgets' is not one of"),
        (["undo"], "Missing option '--journal'"),
        (["undo", "--journal", "nope.sqlite"], "no journal at nope.sqlite"),
        (["promocodes", "generate", "--count", "5"], "Missing option '--event'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    run_cli: Cli, sheet: Path, args: list[str], message: str
) -> None:
    result = run_cli(*[a.replace("{sheet}", str(sheet)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_credentials_says_which_variable(run_cli: Cli, sheet: Path) -> None:
    result = run_cli("import", "items", str(sheet), "--event", "E1")
    assert result.exit_code == 2
    assert "no api key: set CTCT_API_KEY or pass --api-key" in result.output
    result = run_cli("import", "items", str(sheet), "--event", "E1", env={"CTCT_API_KEY": "k"})
    assert result.exit_code == 2
    assert "no access token: set CTCT_ACCESS_TOKEN" in result.output


def test_an_event_sheet_without_an_event_stops_before_the_run_starts(
    run_cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "inventory.csv"
    sheet.write_bytes((SAMPLES / "inventory.csv").read_bytes())
    env = {
        "CTCT_API_KEY": "k",
        "CTCT_ACCESS_TOKEN": "t",
        "BULKSPOT_BASE_URL": "http://127.0.0.1:9/v2/",
    }
    result = run_cli("import", "items", str(sheet), env=env)
    assert result.exit_code == 2
    assert result.output.startswith("Error: an items sheet belongs to an event: give --event ID")
    assert not list(tmp_path.glob("*.journal.sqlite"))


def test_plain_http_is_refused_unless_loopback(run_cli: Cli, sheet: Path) -> None:
    env = {
        "CTCT_API_KEY": "key-from-env-1234",
        "CTCT_ACCESS_TOKEN": "token-from-env-5678",
        "BULKSPOT_BASE_URL": "http://api.example.com/v2/",
    }
    result = run_cli("import", "items", str(sheet), "--event", "E1", env=env)
    assert result.exit_code == 2
    assert "is not https: refusing to send the token in clear text" in result.output
    assert "key-from-env-1234" not in result.output and "token-from-env-5678" not in result.output
    assert "warning" not in result.output  # credentials from the environment: no warning
    # the option wins over the environment, and says the same
    result = run_cli("import", "items", str(sheet), "--base-url", "http://10.0.0.1/v2/", env=env)
    assert result.exit_code == 2 and "'http://10.0.0.1/v2/' is not https" in result.output


def test_secrets_on_the_command_line_work_with_a_warning(run_cli: Cli, sheet: Path) -> None:
    result = run_cli(
        "import", "items", str(sheet), "--event", "E1",
        "--api-key", "key-typed-1234", "--token", "token-typed-5678",
        "--base-url", "http://example.org/v2/",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--api-key on the command line is kept in your shell history" in result.stderr
    assert "--token on the command line" in result.stderr
    assert "prefer the CTCT_ACCESS_TOKEN environment variable" in result.stderr
    assert "key-typed-1234" not in result.output and "token-typed-5678" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "5"], "say what the codes give"),
        (["--count", "5", "--discount", "20%", "--access-fee", "VIP"], "cannot go with"),
        (["--count", "5", "--discount", "120%"], "a percent discount is 1-100"),
        (["--count", "5", "--discount", "abc"], "--discount abc"),
        (["--count", "5", "--discount", "5", "--scope", "FEE_LIST"], "needs the fees"),
        (["--count", "5", "--discount", "20%", "--length", "13"], "4-12 characters"),
        (["--count", "5", "--discount", "20%", "--prefix", "SUMMER", "--length", "6"], "no room"),
        (["--count", "40", "--discount", "20%", "--prefix", "SUMMER", "--length", "7"], "only 31"),
        (["--count", "5", "--discount", "20%", "--quantity", "many"], "'unlimited'"),
    ],
)
def test_generate_refuses_impossible_codes(run_cli: Cli, args: list[str], message: str) -> None:
    result = run_cli("promocodes", "generate", "--event", "E1", "--only-csv", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_resume_commands_leave_out_secrets_in_either_spelling() -> None:
    from bulkspot.cli.boundary import strip_options

    takes = {"--token": True, "--api-key": True, "--fresh": False, "--rate": True}
    argv = ["import", "items", "a b.csv", "--token", "T", "--api-key=K", "--fresh", "--rate", "2"]
    kept = strip_options(argv, ["--token", "--api-key", "--fresh"], takes)
    assert kept == ["import", "items", "a b.csv", "--rate", "2"]
