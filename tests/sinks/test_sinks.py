"""The journal's identity check and the results file's shape."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.errors import JournalError
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.sinks.results import ResultsWriter, escape_formula, results_by_row


def test_a_journal_for_another_input_is_refused_and_fresh_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    Journal.open(path, {"fingerprint": "aaa", "kind": "items"}).close()
    with pytest.raises(JournalError, match="--fresh"):
        Journal.open(path, {"fingerprint": "bbb", "kind": "items"})
    Journal.open(path, {"fingerprint": "bbb", "kind": "items"}, fresh=True).close()


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(JournalError, match="not a bulkspot journal"):
        Journal.open(path, {"kind": "items"})


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1", "-1"),
        ("12.5", "12.5"),
        ("Shirt", "Shirt"),
        (7, 7),
    ],
)
def test_formula_cells_are_escaped_numbers_are_not(cell: object, escaped: object) -> None:
    assert escape_formula(cell) == escaped


def _journal_with_outcomes(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "j.sqlite", {"kind": "items"})

    def done(key: OpKey, kind: str, outcome: Outcome) -> JournalRecord:
        return JournalRecord(key, kind, outcome.status.value, outcome=outcome)

    journal.write_many(
        [
            done(OpKey(2, "item"), "item", Outcome(Status.CREATED, "i1", 201, 1)),
            done(OpKey(2, "attribute"), "attribute", Outcome(Status.CREATED, "a1", 201, 2)),
            done(OpKey(3, "attribute"), "attribute", Outcome(Status.FAILED, None, 400, 1, "=bad")),
            JournalRecord(OpKey(5), "item", "sending"),
        ]
    )
    return journal


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_one_result_line_per_input_row_in_input_order(tmp_path: Path, suffix: str) -> None:
    journal = _journal_with_outcomes(tmp_path)
    rows = [(n, {"name": f"r{n}", "status": "mine"}) for n in (2, 3, 4, 5)]
    path = tmp_path / f"results{suffix}"
    with ResultsWriter(path, ["name", "status"]) as writer:
        for cells, result in results_by_row(rows, journal.entries()):
            writer.write(cells, result)
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.DictReader(handle))
    else:
        lines = [orjson.loads(line) for line in path.read_text().splitlines()]
    assert [str(line["row"]) for line in lines] == ["2", "3", "4", "5"]
    assert [line["status"] for line in lines] == ["created", "failed", "pending", "pending"]
    assert lines[0]["id"] == "a1" and str(lines[0]["attempts"]) == "3"
    assert lines[0]["input_status"] == "mine"  # an input column named like a result column
    if suffix == ".csv":
        assert lines[1]["error"] == "'=bad"


def test_default_paths_sit_beside_the_input_and_name_the_event_once() -> None:
    from bulkspot.runner.import_run import default_paths
    from bulkspot.runner.job import ImportJob

    inventory = ImportJob("items", Path("/data/inventory.xlsx"), event_id="EV1")
    assert default_paths(inventory) == (
        Path("/data/inventory.xlsx.items.EV1.results.csv"),
        Path("/data/inventory.xlsx.items.EV1.journal.sqlite"),
    )
    generated = ImportJob("promocodes", Path("/data/promocodes-EV1.csv"), event_id="EV1")
    assert default_paths(generated)[0] == Path("/data/promocodes-EV1.csv.promocodes.results.csv")
    chosen = ImportJob("events", Path("e.csv"), results_path=Path("out.jsonl"))
    assert default_paths(chosen) == (Path("out.jsonl"), Path("e.csv.events.journal.sqlite"))


def test_a_kept_body_comes_back_as_sorted_json_and_would_send_shows_it_as_kept(
    tmp_path: Path,
) -> None:
    """The journal keeps a body as sorted-key JSON (encoded as the sender encodes it); a dry
    run's would_send column shows one body as kept and a row's two parts under their names."""
    journal = Journal.open(tmp_path / "j.sqlite", {"kind": "items"})
    to_create = Outcome(Status.TO_CREATE)
    journal.write_many([
        JournalRecord(OpKey(2), "items", "to create", outcome=to_create,
                      sent={"name": "Tee", "default_quantity_total": 5, "attributes": []}),
        JournalRecord(OpKey(3, "item"), "items", "to create", outcome=to_create,
                      sent={"name": "Cap"}),
        JournalRecord(OpKey(3, "attribute"), "item_attributes", "to create", outcome=to_create,
                      sent={"quantity_total": 3, "name": "Red"}),
    ])  # fmt: skip
    entries = list(journal.entries())
    journal.close()
    assert entries[0].sent_json == '{"attributes":[],"default_quantity_total":5,"name":"Tee"}'
    assert entries[0].sent == {"name": "Tee", "default_quantity_total": 5, "attributes": []}
    rows = [(2, {"name": "Tee"}), (3, {"name": "Cap"})]
    shown = [result["would_send"] for _, result in results_by_row(rows, entries, bodies=True)]
    assert shown == [
        '{"attributes":[],"default_quantity_total":5,"name":"Tee"}',
        '{"attribute":{"name":"Red","quantity_total":3},"item":{"name":"Cap"}}',
    ]
