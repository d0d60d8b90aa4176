"""The fee labels of a promocode's fee list and the notes on its rows, pure (issue 23)."""

from __future__ import annotations

from bulkspot.core.fee_labels import missing_label, same_but_case, unique_labels
from bulkspot.core.planners.row_notes import PromocodeNotes

FEES = ("Standard", "Student", "VIP", "Vip")


def test_a_label_named_twice_is_one_fee() -> None:
    assert unique_labels(("Student", "VIP", "Student")) == ("Student", "VIP")


def test_a_label_in_another_case_finds_its_fees() -> None:
    assert same_but_case("student", FEES) == ["Student"]
    assert same_but_case("vip", FEES) == ["VIP", "Vip"]


def test_a_missing_label_says_what_was_meant() -> None:
    where = " in event E1"
    assert missing_label("fee", "vip", FEES, where) == (
        "no fee 'vip' in event E1 (did you mean 'VIP' or 'Vip'?)"
    )
    assert missing_label("fee", "Studnet", FEES, where) == (
        "no fee 'Studnet' in event E1 (did you mean 'Student'?)"
    )
    assert missing_label("fee", "Standard, Student", FEES, where) == (
        "no fee 'Standard, Student' in event E1: the fees column is ;-separated, so write "
        "'Standard;Student'"
    )
    assert missing_label("fee", "Gala", FEES, "") == "no fee 'Gala'"


def test_notes_name_a_zero_limit_and_names_by_case() -> None:
    notes = PromocodeNotes()
    for number, values in enumerate(
        ({"code_name": "A1", "quantity_total": 0}, {"code_name": "B1"}, {"code_name": "b1"},
         {"code_name": "C1", "quantity_total": -1}),
        start=2,
    ):  # fmt: skip
        notes.see(number, values)
    assert notes.row_notes() == {
        2: "a usage limit of 0: the code is used up (DEPLETED) as soon as it is made",
        4: "the code 'b1' differs only by case from row 3's 'B1'",
    }
    assert notes.warnings() == [
        "codes with a usage limit (quantity_total) of 0 are used up (DEPLETED) as soon as they "
        "are made: row 2 'A1'",
        "codes that differ only by case from another row's: row 4 'b1' (row 3 'B1')",
    ]
