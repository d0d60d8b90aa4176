"""`bulkspot serve` as a real process: the ready line, requests, a clean stop on SIGTERM or
SIGINT with the state saved, and clean errors for bad options."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulkspot.cli import cli
from bulkspot.simulator.privileges import KNOWN
from tests.simulator.payloads import EVENT

READY = re.compile(r"listening on (http://127\.0\.0\.1:(\d+))")


@contextmanager
def serving(*options: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    command = [sys.executable, "-m", "bulkspot", "serve", "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = READY.fullmatch(line.rstrip("\n"))
        assert match, (line, process.stderr.read() if process.stderr else "")
        assert int(match.group(2)) > 0
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def request(
    url: str, method: str = "GET", body: object = None, token: str = "sandbox-token"
) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    sent = urllib.request.Request(url, data=data, method=method)
    sent.add_header("Authorization", f"Bearer {token}")
    sent.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(sent, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_url_serves_and_stops_cleanly(tmp_path: Path, signum: int) -> None:
    state = tmp_path / "sandbox.json"
    with serving("--rate", "0", "--state", str(state), "--seed", "3") as (process, url):
        status, event = request(f"{url}/v2/eventspot/events?api_key=sandbox-key", "POST", EVENT)
        assert status == 201
        assert isinstance(event, dict)
        status, _ = request(f"{url}/v2/eventspot/events?api_key=sandbox-key", token="nope")
        assert status == 401
        status, stats = request(f"{url}/__simulator/stats")
        assert status == 200 and isinstance(stats, dict) and stats["requests"] == 2
        process.send_signal(signum)
        out, err = process.communicate(timeout=15)
        assert process.returncode == 0, err
        assert "Traceback" not in err and out == ""
    saved = json.loads(state.read_text())
    assert [e["id"] for e in saved["events"]] == [event["id"]]
    # and back again, with the same data
    with serving("--rate", "0", "--state", str(state)) as (process, url):
        status, listed = request(f"{url}/v2/eventspot/events?api_key=sandbox-key")
        assert status == 200 and isinstance(listed, dict)
        assert [e["id"] for e in listed["results"]] == [event["id"]]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


def test_serve_takes_the_credentials_and_limits_given() -> None:
    with serving("--api-key", "k1", "--token", "t1", "--rate", "1", "--retry-after", "2") as (
        process,
        url,
    ):
        assert request(f"{url}/v2/eventspot/events?api_key=sandbox-key", token="t1")[0] == 403
        assert request(f"{url}/v2/eventspot/events?api_key=k1", token="t1")[0] == 200
        status, body = request(f"{url}/v2/eventspot/events?api_key=k1", token="t1")
        assert status == 403 and isinstance(body, list)
        assert body[0]["error_key"] == "mashery.not.authorized.over.qps"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port"),
        (["--rate", "-1"], "--rate"),
        (["--fail-rate", "1.5"], "--fail-rate"),
        (["--fail-rate", "0.6", "--ambiguous-rate", "0.6"], "together must not exceed 1"),
        (["--daily-quota", "lots"], "--daily-quota"),
        (["--latency-ms", "-5"], "--latency-ms"),
        (["--token", "two words"], "token must not contain spaces"),
        (["--retry-after", "-1"], "--retry-after"),
    ],
)
def test_bad_options_are_click_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_bad_state_file_is_a_clean_error(tmp_path: Path) -> None:
    state = tmp_path / "broken.json"
    state.write_text("{ not json")
    result = subprocess.run(
        [sys.executable, "-m", "bulkspot", "serve", "--port", "0", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Error: the state file" in result.stderr and "Traceback" not in result.stderr


def test_a_busy_port_is_a_clean_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "bulkspot", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_shows_the_defaults_and_an_example() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "sandbox-key" in result.output and "sandbox-token" in result.output
    assert "Example:" in result.output and "bulkspot serve --port" in result.output


def test_help_says_what_no_guesses_does() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    words = " ".join(result.output.split())
    start = words.index("--guesses / --no-guesses ") + len("--guesses / --no-guesses ")
    assert words[start : words.index(" --send-window")] == (
        "--no-guesses: enforce only the rules the API's documents state; the rules "
        "docs/api-rules.md marks as the simulator's guesses (field lengths no page gives, the "
        "1 MiB body limit, ...) refuse nothing, so a refusal left is a documented one. An "
        "answer a guess made says which in its X-Simulator-Guess header. [default: guesses]"
    )
    assert "bulkspot serve --no-guesses # refuse only what the API's documents state" in words


def test_a_served_refusal_made_by_a_guess_names_it() -> None:
    long_name = {"name": "n" * 81, "subject": "S", "from_name": "Hall",
                 "from_email": "news@example.com", "email_content": "<p>Hi</p>",
                 "text_content": "Hi"}  # fmt: skip
    campaigns = "/v2/emailmarketing/campaigns?api_key=sandbox-key"
    with serving("--rate", "0") as (_, url):
        sent = urllib.request.Request(
            url + campaigns, data=json.dumps(long_name).encode(), method="POST",
            headers={"Authorization": "Bearer sandbox-token", "Content-Type": "application/json"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(sent, timeout=10)
        assert (refused.value.code, refused.value.headers["X-Simulator-Guess"]) == (
            400, "campaign.lengths"
        )  # fmt: skip


def test_privileges_limit_the_token_and_unknown_ones_are_refused() -> None:
    with serving("--rate", "0", "--privileges", "campaign:read, campaign:write") as (_, url):
        request = urllib.request.Request(
            f"{url}/v2/emailmarketing/campaigns?api_key=sandbox-key", data=b"{}", method="POST",
            headers={"Authorization": "Bearer sandbox-token", "Content-Type": "application/json"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        assert json.loads(refused.value.read()) == [{
            "error_key": "http.status.forbidden",
            "error_message": "This access token lacks the campaign:create privilege this request "
            "needs.",
        }]  # fmt: skip
    result = CliRunner().invoke(cli, ["serve", "--privileges", "campaign:everything"])
    assert result.exit_code == 2
    known = ", ".join(sorted(KNOWN))
    assert result.output.splitlines()[-1] == (
        f"Error: unknown privileges: campaign:everything; known: {known}"
    )


def test_no_guesses_and_the_send_window_are_options() -> None:
    long_name = {"name": "n" * 81, "subject": "S", "from_name": "Hall",
                 "from_email": "news@example.com", "email_content": "<p>Hi</p>",
                 "text_content": "Hi"}  # fmt: skip
    campaigns = "/v2/emailmarketing/campaigns?api_key=sandbox-key"
    with serving("--rate", "0", "--no-guesses", "--send-window", "0") as (_, url):
        status, made = request(url + campaigns, "POST", long_name)
        assert status == 201, made  # an 80-character cap is the simulator's guess: off
        assert isinstance(made, dict)
        path = f"/v2/emailmarketing/campaigns/{made['id']}"
        status, _ = request(f"{url}{path}/schedules?api_key=sandbox-key", "POST", {})
        assert status == 201
        status, shown = request(f"{url}{path}?api_key=sandbox-key")
        assert isinstance(shown, dict) and shown["status"] == "SENT"  # a window of 0: at once
        status, stats = request(f"{url}/__simulator/stats")
        assert isinstance(stats, dict)
        assert (stats["settings"]["guesses"], stats["settings"]["send_window_s"]) == (False, 0)
    with serving("--rate", "0") as (_, url):
        status, refused = request(url + campaigns, "POST", long_name)
        assert (status, refused) == (400, [{
            "error_key": "json.field.length",
            "error_message": "#/name: must be 1 to 80 characters long (got 81)",
        }])  # fmt: skip
    result = CliRunner().invoke(cli, ["serve", "--send-window", "-1"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--send-window': -1.0 is not in the range 0.0<=x<=3600.0."
    )


def test_serve_takes_further_accounts_each_with_its_own_token() -> None:
    with serving("--account", "agency:secret:with-colon", "--accounts", "2") as (process, url):
        events = f"{url}/v2/eventspot/events?api_key="
        assert request(events + "sandbox-key")[0] == 200  # the first stays as it was
        assert request(events + "agency", token="secret:with-colon")[0] == 200
        assert request(events + "sandbox-key-2", token="sandbox-token-2")[0] == 200
        assert request(events + "sandbox-key-1", token="sandbox-token-2")[0] == 401
        assert request(events + "sandbox-key-3", token="sandbox-token-3")[0] == 403
        with urllib.request.urlopen(f"{url}/__simulator/stats?api_key=sandbox-key-2") as answer:
            stats = json.loads(answer.read())
        assert stats["requests"] == 1 and stats["settings"]["accounts"] == 4
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "no-colon"], "Error: --account number 1 must be KEY:TOKEN"),
        (["--account", "a:b", "--account", ":t"], "Error: --account number 2 must be KEY:TOKEN"),
        (["--account", "a:two words"], "Error: --account number 1: token must not contain spaces"),
        (["--account", "sandbox-key-1:t", "--accounts", "1"],
         "Error: account 2 has the api key of account 1 (account 0: api_key's)"),
        (["--accounts", "2", "--state", "s.json"],
         "Error: --state keeps the data of one account; it cannot be given with --account or "
         "--accounts"),
    ],
)  # fmt: skip
def test_bad_accounts_are_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "0", *args])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message
