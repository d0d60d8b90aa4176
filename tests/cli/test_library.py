"""The library facade: the README's examples run as printed (against the simulator), and
the async client keeps an import's guarantees on its own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

import bulkspot
from bulkspot.config import RetryPolicy
from bulkspot.core.codes import generate_codes
from tests.cli.sandbox import EVENT_BODY, Sandbox, start_sandbox
from tests.paths import REPO, SAMPLES

PLACEHOLDER_EVENT = "a07e1iw4r2m67314717"


def readme_examples() -> list[str]:
    """The Python blocks of the README's "As a library" section, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## As a library\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_both_examples() -> None:
    blocks = readme_examples()
    assert len(blocks) == 2
    assert "bulkspot.run_import(" in blocks[0] and "bulkspot.open_client(" in blocks[1]
    for block in blocks:  # the event's id is all that has to change for them to run
        assert PLACEHOLDER_EVENT in block


def test_the_readme_examples_run_as_printed(
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = sandbox.new_event(title="README event")
    shutil.copy(SAMPLES / "inventory.csv", tmp_path / "inventory.csv")
    monkeypatch.chdir(tmp_path)
    for name, value in sandbox.env.items():
        monkeypatch.setenv(name, value)
    first, second = (b.replace(PLACEHOLDER_EVENT, event) for b in readme_examples())
    # the one other change: a standard key's 4 requests/s would make this test take 7 s
    assert first.count("Limits(rate=4)") == 1
    first = first.replace("Limits(rate=4)", "Limits(rate=200)")

    exec(compile(first, "README.md (run_import)", "exec"), {"__name__": "__main__"})
    out = capsys.readouterr().out
    assert "created: 20\n" in out
    assert f"results in inventory.csv.items.{event}.results.csv" in out
    items = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert len(items) == 10  # the sample's ten items (four of them in sizes or colours)

    exec(compile(second, "README.md (open_client)", "exec"), {"__name__": "__main__"})
    out = capsys.readouterr().out
    fees = sandbox.call(lambda c: c.list("fee", {"event_id": event}))
    assert [f["label"] for f in fees] == ["Student"]
    assert out == f"README event {fees[0]['id']} 0 promocodes\n"


def test_import_bulkspot_is_cheap_and_exports_the_facade() -> None:
    probe = (
        "import sys, bulkspot; "
        "print(sorted(m for m in ('aiohttp', 'bulkspot.api') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    for name in bulkspot.__all__:
        assert getattr(bulkspot, name) is not None
    with pytest.raises(AttributeError):
        bulkspot.no_such_thing  # noqa: B018


@pytest.fixture(scope="module")
def faulty_sandbox() -> Iterator[Sandbox]:
    """Strict 100/s, a fifth of the answers 500, and writes made whose answer is lost."""
    yield from start_sandbox(rate=100, fail_rate=0.2, ambiguous_rate=0.2, latency_ms=0, seed=7)


def client_config(sandbox: Sandbox, rate: float, token: str | None = None) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], token or sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    limits = bulkspot.Limits(rate=rate)
    return bulkspot.RunConfig(settings, limits=limits, retry=RetryPolicy.no_wait(20), seed=3)


def test_the_client_creates_once_each_under_faults_and_within_the_rate(
    faulty_sandbox: Sandbox,
) -> None:
    codes = generate_codes(40, prefix="LIB", length=8, seed=11)
    made: dict[str, str] = {}

    async def create(client: bulkspot.Client, event: str, code: str) -> None:
        body = {"code_name": code, "code_type": "DISCOUNT", "discount_percent": 10,
                "discount_scope": "ORDER_TOTAL"}  # fmt: skip
        made[code] = (await client.create("promocode", {"event_id": event}, body))["id"]

    async def main() -> list[dict[str, str]]:
        async with bulkspot.open_client(client_config(faulty_sandbox, 100)) as client:
            event = (await client.create("event", {}, {**EVENT_BODY, "name": "lib-faults"}))["id"]
            async with anyio.create_task_group() as tg:
                for code in codes:
                    tg.start_soon(create, client, event, code)
            return await client.list("promocode", {"event_id": event})

    listed = anyio.run(main)
    assert sorted(p["code_name"] for p in listed) == sorted(codes)  # each once, none lost
    assert made == {p["code_name"]: p["id"] for p in listed}  # lost answers found by code
    stats = faulty_sandbox.stats()
    assert stats["faults"], stats  # the faults did happen
    assert stats["over_qps"] == 0 and stats["max_requests_in_window"] <= 100, stats


def test_a_fatal_answer_stops_the_client_for_good(sandbox: Sandbox) -> None:
    event = sandbox.new_event()

    async def main() -> int:
        async with bulkspot.open_client(client_config(sandbox, 50, "wrong-token")) as client:
            with pytest.raises(bulkspot.StopRun, match="refused the access token"):
                await client.list("fee", {"event_id": event})
            sent = client.requests
            with pytest.raises(bulkspot.StopRun):  # no further request leaves
                await client.create("fee", {"event_id": event}, {"label": "X", "fee": 1})
            return client.requests - sent

    assert anyio.run(main) == 0
