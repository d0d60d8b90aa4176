"""A cell is data, never an address: every id column of every kind (found through the
registry), given `../`, `?`, `#`, `%2F` or an absolute URL, makes its row `invalid` with a
message that names the column and quotes the cell; the simulator sees no request for it, and
the sheet's good row is done.

"No request for it" is counted at the simulator: the same good row is imported alone (in a
scope of its own), then beside the bad rows, and both runs must cost the simulator the same
number of requests.
"""

from __future__ import annotations

import csv
import json
import shutil
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bulkspot
from bulkspot.api import Client
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.column import Role
from bulkspot.core.columns import columns_for
from bulkspot.core.resources import FieldType, id_kinds, id_problem, importable_kinds, spec_for
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox, start_sandbox
from tests.paths import SAMPLES

FAST = ("--rate", "1000", "--quiet")
BAD_CELLS = ("../lists", "x?api_key=1&y=", "x#frag", "x%2F..%2Flists", "ABSOLUTE")
ID_ROLES = (Role.ID, Role.EVENT_ID, Role.ITEM_ID, Role.LIST_IDS, Role.CAMPAIGN_ID)
ITEM = {
    "price": "5",
    "default_quantity_total": "10",
    "per_registrant_limit": "2",
    "show_quantity_available": "no",
}
ITEM_BODY = {
    "price": 5.0,
    "default_quantity_total": 10,
    "per_registrant_limit": 2,
    "show_quantity_available": False,
}
CAMPAIGN = {  # the samples' "Volunteer Call", its lists by id
    "subject": "Help us run the Riverside Fest", "from_name": "Riverside Events",
    "from_email": "news@example.com", "reply_to_email": "volunteers@example.com",
    "email_content": "<html><body><p>We need you.</p></body></html>",
    "text_content": "We need you.", "greeting_salutations": "Hi",
    "greeting_name": "FIRST_NAME",
}  # fmt: skip


def id_columns() -> list[tuple[str, str]]:
    """(kind, column) for every column whose cells are ids: a role that holds one, or a
    field the registry names as an id (path ids, body ids, references, `id`)."""
    found = []
    for kind in importable_kinds():
        named = id_kinds(kind)
        for column in columns_for(kind):
            if column.role in ID_ROLES or (column.role is Role.FIELD and column.name in named):
                found.append((spec_for(kind).plural, column.name))
    return found


def test_every_id_column_declares_the_kind_it_holds_ids_of() -> None:
    """The registry's ids and the columns agree: each id column names its kind, and every
    kind a request or body of a kind carries an id of has a column that is checked."""
    for plural, name in id_columns():
        column = next(c for c in columns_for(plural) if c.name == name)
        assert column.field.id_of is not None, (plural, name)
    for kind in importable_kinds():
        declared = {c.field.id_of for c in columns_for(kind)} - {None}
        assert set(id_kinds(kind).values()) <= declared, kind
    assert len(id_columns()) >= 20  # the 10 kinds of today: the test looks where the ids are


# --- what each kind's good row needs, made fresh for each run ---------------------------------
@dataclass
class Scope:
    """The ids one run's good row names: its own event, item, fee, folder, file, list and
    campaign, so that two runs never meet."""

    tag: str
    event: str = ""
    item: str = ""
    fee: str = ""
    folder: str = ""
    file: str = ""
    list: str = ""
    campaign: str = ""


def write_sheet(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run(
    sandbox: Sandbox, folder: Path, plural: str, rows: list[dict[str, str]], event: str | None
) -> tuple[bulkspot.RunSummary, list[dict[str, str]], int]:
    """Import `rows`: the summary, the results rows, and the requests the simulator saw."""
    sheet = folder / f"{plural}-{len(list(folder.iterdir()))}.csv"
    write_sheet(sheet, rows)
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    config = RunConfig(settings, Limits(rate=500), RetryPolicy.no_wait())
    before = sandbox.stats()["requests"]
    summary = bulkspot.run_import(plural, sheet, config=config, event_id=event)
    assert summary.results_path is not None
    with summary.results_path.open(encoding="utf-8-sig") as lines:
        results = list(csv.DictReader(lines))
    return summary, results, sandbox.stats()["requests"] - before


def scope(sandbox: Sandbox, tag: str, file_id: str) -> Scope:
    """The resources a run's good row names, made through the library's client."""
    found = Scope(tag, event=sandbox.new_event(), file=file_id)

    async def make(client: Client) -> None:
        event = {"event_id": found.event}
        item = await client.create("item", event, {"name": f"Shirt {tag}", **ITEM_BODY})
        fee = await client.create("fee", event, {"label": f"Entry {tag}", "fee": 10.0})
        folder = await client.create("folder", {}, {"name": f"Parent {tag}"})
        contacts = await client.create("list", {}, {"name": f"Helpers {tag}", "status": "ACTIVE"})
        campaign = await client.create("campaign", {}, {
            "name": f"Call {tag}", **CAMPAIGN, "sent_to_contact_lists": [{"id": contacts["id"]}]
        })  # fmt: skip
        found.item, found.fee, found.folder = item["id"], fee["id"], folder["id"]
        found.list, found.campaign = contacts["id"], campaign["id"]

    sandbox.call(make)
    return found


def good_row(plural: str, s: Scope) -> dict[str, str]:
    """A row of `plural` that is done in scope `s` (every id column filled)."""
    t = s.tag
    rows: dict[str, Callable[[], dict[str, str]]] = {
        "events": lambda: {"id": "", "name": f"ev-{t}", "title": "T", "type": "OTHER",
                           "start_date": "2027-07-17T14:00:00Z",
                           "end_date": "2027-07-17T20:00:00Z", "time_zone_id": "US/Eastern"},
        "fees": lambda: {"id": "", "event_id": s.event, "label": f"Fee {t}", "fee": "10"},
        "items": lambda: {"id": "", "event_id": s.event, "name": f"Hat {t}", **ITEM},
        "attributes": lambda: {"id": "", "event_id": s.event, "item_id": s.item,
                               "name": f"Small {t}", "quantity_total": "3"},
        "promocodes": lambda: {"id": "", "event_id": s.event, "code_name": f"CODE{t}",
                               "code_type": "DISCOUNT", "discount": "10%",
                               "discount_scope": "FEE_LIST", "fee_ids": s.fee},
        "folders": lambda: {"id": "", "name": f"Sub {t}", "parent_id": s.folder},
        "files": lambda: {"id": s.file, "name": f"renamed-{t}.png", "folder_id": s.folder},
        "lists": lambda: {"id": "", "name": f"List {t}"},
        "campaigns": lambda: {"id": "", "name": f"Campaign {t}", **CAMPAIGN,
                              "list_ids": s.list},
        "schedules": lambda: {"id": "", "campaign_id": s.campaign,
                              "scheduled_date": "2031-05-02T14:30:00Z"},
    }  # fmt: skip
    return rows[plural]()


def bad_row(plural: str, column: str, good: dict[str, str], cell: str, n: int) -> dict[str, str]:
    """The good row with `cell` in `column`, and a name of its own (no repeat to report)."""
    row = {**good, column: cell}
    spec = spec_for(plural)
    key = spec.natural_key
    if key is not None and key in row and spec.by_name[key].type is FieldType.STRING:
        row[key] = f"{row[key]}{n}"
    return row


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """A simulator of the test's own (paged collections stay on one page), with the
    samples' MyLibrary files in it."""
    state = tmp_path / "library-state.json"
    shutil.copy(SAMPLES / "library-state.json", state)
    yield from start_sandbox(rate=1000, latency_ms=0, seed=7, state_path=state)


@pytest.mark.parametrize(
    ("plural", "column"),
    id_columns(),
    ids=[f"{plural}-{column}" for plural, column in id_columns()],
)
def test_an_id_cell_that_is_no_id_is_invalid_and_never_sent(
    sandbox: Sandbox, tmp_path: Path, plural: str, column: str
) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    alone, beside = scope(sandbox, "b", "4"), scope(sandbox, "a", "60")
    cells = [c.replace("ABSOLUTE", f"{sandbox.base}lists") for c in BAD_CELLS]

    _, results, requests_alone = run(sandbox, folder, plural, [good_row(plural, alone)], None)
    assert [r["status"] for r in results] in (["created"], ["updated"]), results

    good = good_row(plural, beside)
    rows = [good, *(bad_row(plural, column, good, cell, n) for n, cell in enumerate(cells))]
    _, results, requests_beside = run(sandbox, folder, plural, rows, None)
    holds = dict(
        id_kinds(plural),
        **{"event_id": "event", "item_id": "item", "list_ids": "list", "campaign_id": "campaign"},
    )
    assert [r["status"] for r in results] in (
        ["created"] + ["invalid"] * 5,
        ["updated"] + ["invalid"] * 5,
    ), results
    assert [r["error"] for r in results[1:]] == [
        f"{column}: {id_problem(holds[column], cell)}" for cell in cells
    ]
    assert requests_beside == requests_alone  # not one request for the five bad rows


def test_the_message_names_the_column_and_quotes_the_cell() -> None:
    assert id_problem("event", "../../lists?x=") == (
        "'../../lists?x=' is not an event id (letters and digits, such as a07e1iw4r2m67314717)"
    )
    assert id_problem("folder", "../folders/7?") == (
        "'../folders/7?' is not a folder id (a whole number, such as 1857833708)"
    )


# --- lenient enough: every id the API's payloads show, every id the simulator hands out --------
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ctct-v2"
NESTED_KINDS = {"sent_to_contact_lists": "list", "lists": "list"}


def fixture_ids() -> list[tuple[str, str, str]]:
    """(file, kind, id) for every id of a known kind in the real payloads: `id` in the
    kind the file or its enclosing collection is of, and every `<kind>_id(s)` field."""
    found: list[tuple[str, str, str]] = []

    def kind_named(name: str) -> str | None:
        try:
            return spec_for(name).kind
        except KeyError:
            return NESTED_KINDS.get(name)

    def walk(value: Any, kind: str | None, name: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(inner, dict | list) and key != "results":
                    walk(inner, kind_named(key), name)
                elif isinstance(inner, dict | list):
                    walk(inner, kind, name)
                elif key == "id" and kind is not None:
                    found.append((name, kind, str(inner)))
                elif inner is not None and key.endswith("_id"):
                    named = kind_named(key.removesuffix("_id"))
                    if named is not None:
                        found.append((name, named, str(inner)))
        elif isinstance(value, list):
            for inner in value:
                if isinstance(inner, dict | list):
                    walk(inner, kind, name)
                elif name and kind is not None:
                    found.append((name, kind, str(inner)))

    for path in sorted(FIXTURES.glob("*.json")):
        kind = kind_named(path.stem.removeprefix("java-").removeprefix("library-").split("-")[0])
        walk(json.loads(path.read_text(encoding="utf-8")), kind, path.name)
    return found


def test_every_id_in_the_real_payloads_is_an_id() -> None:
    found = fixture_ids()
    kinds = {kind for _, kind, _ in found}
    assert {"event", "fee", "item", "attribute", "promocode", "registrant", "folder", "file",
            "list", "campaign", "schedule"} <= kinds  # fmt: skip
    assert len(found) > 80
    refused = [(name, kind, ident, id_problem(kind, ident)) for name, kind, ident in found
               if id_problem(kind, ident) is not None]  # fmt: skip
    assert refused == []


def test_every_id_the_simulator_hands_out_is_an_id() -> None:
    from bulkspot.simulator.ids import IdMaker, family_of

    for seed in (None, 0, 1, 2**63):
        make = IdMaker(seed)
        event = make.event_id()
        family = family_of(event)
        for _ in range(300):
            issued = {
                "event": make.event_id(), "registrant": make.registrant_id(),
                **dict.fromkeys(("fee", "item", "attribute", "promocode"), make.child_id(family)),
                **dict.fromkeys(("folder", "file", "list", "campaign", "schedule"),
                                make.number_id()),
            }  # fmt: skip
            for kind, ident in issued.items():
                assert id_problem(kind, ident) is None, (kind, ident)


# --- the cases the issue reported, through the command line, checked over plain HTTP ----------
def http_get(sandbox: Sandbox, path: str) -> Any:
    """What the simulator holds at `path`, read over plain HTTP with the sandbox's key."""
    request = urllib.request.Request(
        f"{sandbox.base}{path}?api_key={SANDBOX['CTCT_API_KEY']}",
        headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def results_of(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig") as lines:
        return [(r["status"], r["error"]) for r in csv.DictReader(lines)]


def items(event: str, *names: str, cell: str | None = None) -> list[dict[str, str]]:
    return [{"event_id": event if cell is None or n else cell, "name": name, **ITEM}
            for n, name in enumerate(names)]  # fmt: skip


def test_an_event_id_that_climbs_to_the_lists_makes_no_list(sandbox: Sandbox, run_cli: Cli) -> None:
    event = sandbox.new_event()
    lists_before = http_get(sandbox, "lists")
    rows = items(event, "Climber", "Hat", cell="../../lists?x=")
    write_sheet(run_cli.cwd / "items.csv", rows)
    done = run_cli("import", "items", "items.csv", *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    assert results_of(run_cli.cwd / "items.csv.items.results.csv") == [
        ("invalid", "event_id: '../../lists?x=' is not an event id (letters and digits, "
                    "such as a07e1iw4r2m67314717)"),
        ("created", ""),
    ]  # fmt: skip
    assert http_get(sandbox, "lists") == lists_before  # no list made
    assert [i["name"] for i in http_get(sandbox, f"eventspot/events/{event}/items")] == ["Hat"]


def test_a_file_id_that_climbs_to_a_folder_renames_no_folder(
    sandbox: Sandbox, run_cli: Cli
) -> None:
    folder = http_get(sandbox, "library/folders/2")
    assert folder["name"] == "Images"
    write_sheet(run_cli.cwd / "files.csv", [
        {"id": "../folders/2?", "name": "Renamed by a cell"},
        {"id": "60", "name": "riverside-logo-2027.png"},
    ])  # fmt: skip
    done = run_cli("import", "files", "files.csv", *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    assert results_of(run_cli.cwd / "files.csv.files.results.csv") == [
        ("invalid", "id: '../folders/2?' is not a file id (a whole number, such as 1857833708)"),
        ("updated", ""),
    ]
    assert http_get(sandbox, "library/folders/2") == folder  # not renamed
    assert http_get(sandbox, "library/files/60")["name"] == "riverside-logo-2027.png"


def test_an_event_id_with_a_fragment_stops_nothing_and_the_good_rows_are_sent(
    sandbox: Sandbox, run_cli: Cli
) -> None:
    event = sandbox.new_event()
    names = ("Cut", "Shirt", "Hat", "Mug", "Scarf", "Poster")
    write_sheet(run_cli.cwd / "items.csv", items(event, *names, cell="x#frag"))
    done = run_cli("import", "items", "items.csv", *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output  # some rows invalid; the run was not stopped
    assert results_of(run_cli.cwd / "items.csv.items.results.csv") == [
        ("invalid", "event_id: 'x#frag' is not an event id (letters and digits, such as "
                    "a07e1iw4r2m67314717)"),
        *[("created", "")] * 5,
    ]  # fmt: skip
    sent = http_get(sandbox, f"eventspot/events/{event}/items")
    assert sorted(i["name"] for i in sent) == sorted(names[1:])


def test_a_script_s_event_id_is_checked_as_event_is_before_any_request_or_file(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's jobs take the event id of a script: checked as --event is, before it
    names a path or a file (results, journal, export, copy folder, codes CSV)."""
    from bulkspot.core.codes import PromocodeTerms
    from bulkspot.errors import ConfigError
    from bulkspot.runner.generate import PromocodeBatch

    monkeypatch.chdir(tmp_path)
    write_sheet(tmp_path / "items.csv", items("x", "Hat"))
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    config = RunConfig(settings, Limits(rate=500), RetryPolicy.no_wait())
    before = sandbox.stats()["requests"]
    calls: list[Callable[[], object]] = [
        lambda: bulkspot.run_import("items", "items.csv", config=config, event_id="../x#y"),
        lambda: bulkspot.run_export("items", "out.csv", config=config, event_id="../x#y"),
        lambda: bulkspot.run_copy("../x#y", "a07e1iw4r2m67314717", config=config),
        lambda: bulkspot.run_copy("a07e1iw4r2m67314717", "../x#y", config=config),
        lambda: PromocodeBatch("../x#y", 5, PromocodeTerms()),
    ]
    for call in calls:
        with pytest.raises(ConfigError) as refused:
            call()
        assert str(refused.value) == (
            "'../x#y' is not an event id (letters and digits, such as a07e1iw4r2m67314717)"
        )
    assert sandbox.stats()["requests"] == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["items.csv", "library-state.json"]
