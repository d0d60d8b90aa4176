"""Help, credentials and the https rule: a clean message and exit 2, no traceback, no secret.
The table of every command's usage mistakes is tests/cli/test_mistakes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.commands import all_commands
from tests.cli.invoke import Cli
from tests.paths import SAMPLES


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


def test_no_credentials_says_which_variable(run_cli: Cli, sheet: Path) -> None:
    result = run_cli("import", "items", str(sheet), "--event", "E1")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no api key and no access token: set CTCT_API_KEY and CTCT_ACCESS_TOKEN "
        "(or pass --api-key and --token)\n"
    )
    result = run_cli("import", "items", str(sheet), "--event", "E1", env={"CTCT_ACCESS_TOKEN": "t"})
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


def test_resume_commands_leave_out_secrets_in_either_spelling() -> None:
    from bulkspot.cli.boundary import strip_options

    takes = {"--token": True, "--api-key": True, "--fresh": False, "--rate": True}
    argv = ["import", "items", "a b.csv", "--token", "T", "--api-key=K", "--fresh", "--rate", "2"]
    kept = strip_options(argv, ["--token", "--api-key", "--fresh"], takes)
    assert kept == ["import", "items", "a b.csv", "--rate", "2"]
