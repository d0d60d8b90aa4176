"""One template, many accounts (issue 24): `bulkspot copy --accounts FILE` into N accounts
of one simulator at R requests a second per key, as an agency rolls a template out.

The template (3 fees, 20 items x 3 sizes, 200 promocodes at --scale 1) is made in the
simulator's first account; each of the N others (`bulkspot serve --accounts N`) gets an
event to copy into. Two runs, each into fresh events:

1. straight: one `bulkspot copy --accounts` process to the end. Its wall time beside the
   slowest account's writes at R a second (the floor: a copy cannot be quicker than its
   writes; goal within 1.2x), and the over-limit answers of every key (goal 0).
2. killed: the same, SIGKILLed once the accounts hold about half their writes, then run
   again to the end: the over-limit answers of the run that resumes them all at once
   (goal 0), and whether every account then holds the template exactly (nothing twice,
   nothing missing).

    .venv/bin/python -m benchmarks.bench_copy_many                 # 20 accounts at 4/s
    .venv/bin/python -m benchmarks.bench_copy_many --accounts 5 --scale 0.2
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import orjson

from benchmarks.harness import EVENT, KEY, TOKEN, Server, served
from bulkspot.api import run_import
from bulkspot.config import ApiSettings, Limits, RunConfig


def key_of(n: int) -> str:
    return f"{KEY}-{n}"


def token_of(n: int) -> str:
    return f"{TOKEN}-{n}"


def _get(url: str) -> Any:
    with urllib.request.urlopen(url) as answer:
        return orjson.loads(answer.read())


def _post(url: str, body: Any, key: str, token: str) -> Any:
    request = urllib.request.Request(
        f"{url}?api_key={key}",
        data=orjson.dumps(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return orjson.loads(answer.read())


def _sheet(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_template(server: Server, folder: Path, scale: float) -> tuple[str, int]:
    """The template event in the first account, made with the limit lifted; and the writes
    a copy of it makes (a fee, an item, a size, a code each)."""
    event = str(_post(f"{server.base}eventspot/events", {**EVENT, "name": "template"},
                      KEY, TOKEN)["id"])  # fmt: skip
    config = RunConfig(ApiSettings(KEY, TOKEN, server.base), Limits(rate=2000))
    items, codes = max(1, round(20 * scale)), max(1, round(200 * scale))
    fees = [["General", 10, "BOTH"], ["VIP", 25, "BOTH"], ["Student", 5, "BOTH"]]
    rows = []
    for n in range(items):
        for s, size in enumerate(("S", "M", "L")):
            head = [f"Shirt {n:02d}", 20 + n, 2, "TRUE"] if s == 0 else ["", "", "", ""]
            rows.append([*head, size, 5 + s])
    promocodes = [[f"CODE{n:04d}", "DISCOUNT", 10 + n % 40, "FEE_LIST", "General;VIP", 5]
                  for n in range(codes)]  # fmt: skip
    sheets = {
        "fees": (["label", "fee", "fee_scope"], fees),
        "items": (["name", "price", "per_registrant_limit", "show_quantity_available",
                   "attribute", "attribute_quantity"], rows),
        "promocodes": (["code_name", "code_type", "discount_percent", "discount_scope",
                        "fees", "quantity_total"], promocodes),
    }  # fmt: skip
    for kind, (header, body) in sheets.items():
        done = run_import(kind, _sheet(folder / f"template-{kind}.csv", header, body),
                          config=config, event_id=event)  # fmt: skip
        if done.exit_code != 0:
            raise SystemExit(f"the template's {kind} were not made: {dict(done.counts)}")
    return event, len(fees) + 4 * items + codes


def holdings(server: Server, key: str, event: str) -> Any:
    """The event as the account holds it, ids out, fees by label (doubles kept)."""
    dump = _get(f"{server.url}/__simulator/dump?api_key={key}")
    [found] = [e for e in dump["events"] if e["id"] == event]
    labels = {fee["id"]: fee["label"] for fee in found["fees"]}

    def bare(thing: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in thing.items() if k not in ("id", "attributes", "fee_ids")}

    return (
        sorted(str(bare(f)) for f in found["fees"]),
        sorted(str((bare(i), sorted(str(bare(a)) for a in i["attributes"])))
               for i in found["items"]),
        sorted(str((bare(c), sorted(labels[i] for i in c.get("fee_ids") or ())))
               for c in found["promocodes"]),
    )  # fmt: skip


def stats(server: Server, key: str) -> dict[str, Any]:
    return _get(f"{server.url}/__simulator/stats?api_key={key}")  # type: ignore[no-any-return]


def writes_held(server: Server, accounts: int) -> int:
    return sum(stats(server, key_of(n))["requests_by_method"].get("POST", 0)
               for n in range(1, accounts + 1))  # fmt: skip


def copy_command(template: str, accounts_file: Path, rate: float) -> list[str]:
    return [sys.executable, "-m", "bulkspot", "copy", "--from-event", template, "--accounts",
            str(accounts_file), "--rate", str(rate), "--quiet", "--json"]  # fmt: skip


def prepare(server: Server, folder: Path, accounts: int, name: str) -> Path:
    """A fresh event in each account, and the accounts file naming them."""
    lines = ["name,to_event,api_key_env,token_env"]
    for n in range(1, accounts + 1):
        event = _post(f"{server.base}eventspot/events", {**EVENT, "name": name},
                      key_of(n), token_of(n))["id"]  # fmt: skip
        lines.append(f"client-{n:02d},{event},KEY_{n},TOKEN_{n}")
    path = folder / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(
    command: list[str], env: dict[str, str], cwd: Path, kill_at: int | None, server: Server,
    accounts: int,
) -> tuple[float, int, str]:  # fmt: skip
    """The copy as a subprocess: (wall seconds, exit status, stdout); `kill_at`: SIGKILL it
    once the accounts hold that many writes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, text=True)
    if kill_at is not None:
        while process.poll() is None and writes_held(server, accounts) < kill_at:
            time.sleep(0.05)  # polling the simulator's counts
        process.send_signal(signal.SIGKILL)
    out, _ = process.communicate()
    return time.perf_counter() - started, process.returncode, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--scale", type=float, default=1.0, help="of 20 items, 200 codes")
    parser.add_argument("--rate", type=float, default=4.0)
    args = parser.parse_args(argv)
    n, rate = args.accounts, args.rate
    with tempfile.TemporaryDirectory() as temp, served(
        "--accounts", str(n), "--rate", f"{rate:g}", "--daily-quota", "0", "--seed", "24"
    ) as server:  # fmt: skip
        folder = Path(temp)
        server.control(rate=0)
        template, writes_each = make_template(server, folder, args.scale)
        files = {name: prepare(server, folder, n, name) for name in ("straight", "killed")}
        server.control(rate=rate)
        expected = holdings(server, KEY, template)
        env = {
            **os.environ,
            "CTCT_API_KEY": KEY,
            "CTCT_ACCESS_TOKEN": TOKEN,
            "BULKSPOT_BASE_URL": server.base,
            "BULKSPOT_CACHE_DIR": str(folder / "cache"),
        }
        for i in range(1, n + 1):
            env[f"KEY_{i}"], env[f"TOKEN_{i}"] = key_of(i), token_of(i)  # fmt: skip
        rows = []
        for name, file in files.items():
            work = folder / name
            work.mkdir()
            command = copy_command(template, file, rate)
            server.reset()
            if name == "killed":
                run(command, env, work, writes_each * n // 2, server, n)
                server.reset()
            wall, status, out = run(command, env, work, None, server, n)
            summary = orjson.loads(out) if out.strip() else {}
            keys = [key_of(i) for i in range(1, n + 1)]
            counted = [stats(server, key) for key in keys]
            writes = [sum(v for m, v in c["requests_by_method"].items() if m != "GET")
                      for c in counted]  # fmt: skip
            requests = [c["requests"] for c in counted]
            over = sum(c["over_qps"] for c in counted) + stats(server, KEY)["over_qps"]
            events = {a["name"]: a["to_event"] for a in summary.get("accounts", [])}
            same = sum(
                1
                for i, key in enumerate(keys, 1)
                if holdings(server, key, events.get(f"client-{i:02d}", "")) == expected
            )
            floor = max(writes) / rate
            rows.append((name, status, max(writes), max(requests), floor, wall, over, same))
    print(f"{n} accounts at {rate:g}/s each, template of {len(expected[1])} items "
          f"and {len(expected[2])} promocodes")  # fmt: skip
    print(
        "| run | exit | writes (most, one account) | requests (most) | floor s | wall s "
        "| wall / floor | over-limit answers | accounts holding the template |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, status, writes_, requests_, floor, wall, over, same in rows:
        label = "straight" if name == "straight" else "killed at half, resumed (this run)"
        print(
            f"| {label} | {status} | {writes_} | {requests_} | {floor:.1f} | {wall:.1f} | "
            f"{wall / floor:.2f}x | {over} | {same} of {n} |"
        )


if __name__ == "__main__":
    main()
