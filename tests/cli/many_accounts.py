"""One template event and many accounts of one simulator (issue 24): the template made
through bulkspot's own imports, an accounts file, and what each account holds, read from
the simulator's dump with ids taken out (fees named by label)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import anyio

from bulkspot.api import open_client, run_import
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.simulator import SimulatorThread
from tests.cli.sandbox import EVENT_BODY

SOURCE_KEY, SOURCE_TOKEN = "sandbox-key", "sandbox-token"


def key_of(number: int) -> str:
    return f"sandbox-key-{number}"  # `--accounts N`'s keys and tokens


def token_of(number: int) -> str:
    return f"sandbox-token-{number}"


def new_event(base: str, key: str, token: str, name: str = "target") -> str:
    async def make() -> str:
        async with open_client(RunConfig(ApiSettings(key, token, base), Limits(rate=1000))) as c:
            return str((await c.create("event", {}, {**EVENT_BODY, "name": name}))["id"])

    return anyio.run(make)


def _sheet(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_template(
    base: str, folder: Path, *, items: int = 3, sizes: int = 2, codes: int = 6
) -> str:
    """The template event of the source account: 3 fees, `items` items of `sizes` sizes,
    `codes` promocodes on the fees."""
    event = new_event(base, SOURCE_KEY, SOURCE_TOKEN, "template")
    config = RunConfig(ApiSettings(SOURCE_KEY, SOURCE_TOKEN, base), Limits(rate=1000))
    fees = [{"label": label, "fee": 10 + n, "fee_scope": "BOTH"}
            for n, label in enumerate(("General", "VIP", "Student"))]  # fmt: skip
    rows: list[dict[str, Any]] = []
    for n in range(items):
        for s in range(sizes):
            head = {"name": f"Shirt {n}", "price": 20 + n, "per_registrant_limit": 2,
                    "show_quantity_available": True}  # fmt: skip
            row = head if s == 0 else dict.fromkeys(head, "")
            rows.append({**row, "attribute": "SML"[s % 3] + str(s), "attribute_quantity": 5 + s})
    promocodes = [{"code_name": f"CODE{n:04d}", "code_type": "DISCOUNT", "discount_percent": 10,
                   "discount_scope": "FEE_LIST", "fees": "General;VIP", "quantity_total": 5}
                  for n in range(codes)]  # fmt: skip
    for kind, sheet in (("fees", fees), ("items", rows), ("promocodes", promocodes)):
        done = run_import(kind, _sheet(folder / f"t-{kind}.csv", sheet), config=config,
                          event_id=event)  # fmt: skip
        assert done.exit_code == 0, (kind, done.counts)
    return event


def accounts_file(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    """(name, event, account number) a line, the secrets named by variable."""
    lines = ["name,to_event,api_key_env,token_env"]
    lines += [f"{name},{event},KEY_{n},TOKEN_{n}" for name, event, n in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def secrets_env(numbers: range) -> dict[str, str]:
    """The variables the accounts file names, and the template account's own."""
    env = {"CTCT_API_KEY": SOURCE_KEY, "CTCT_ACCESS_TOKEN": SOURCE_TOKEN}
    for n in numbers:
        env[f"KEY_{n}"], env[f"TOKEN_{n}"] = key_of(n), token_of(n)
    return env


def holdings(sim: SimulatorThread, key: str, event: str) -> dict[str, Any]:
    """The event's fees, items with sizes and promocodes as the account holds them, ids
    taken out; a name held twice stays twice (sorted lists, not sets)."""
    [found] = [e for e in sim.dump(key)["events"] if e["id"] == event]
    labels = {fee["id"]: fee["label"] for fee in found["fees"]}
    return {
        "fees": sorted((_bare(fee) for fee in found["fees"]), key=str),
        "items": sorted(
            ({**_bare(item), "attributes": sorted((_bare(a) for a in item["attributes"]), key=str)}
             for item in found["items"]), key=str),
        "promocodes": sorted(
            ({**_bare(code), "fee_ids": sorted(labels[i] for i in code.get("fee_ids") or ())}
             for code in found["promocodes"]), key=str),
    }  # fmt: skip


def _bare(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k not in ("id", "attributes")}
