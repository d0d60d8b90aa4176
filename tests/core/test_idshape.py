"""The id shapes: nothing that reads as URL syntax passes; every shape of real id does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulkspot.core.resources import id_problem, importable_kinds
from bulkspot.simulator.ids import IdMaker, family_of

NO_IDS = ("../x", "..", ".", "x/y", "x?y", "x#y", "x%2Fy", "%2e%2e", "a b", " a", "a\t",
          "x\ny", "http://evil.example/", "//evil.example", "", "-", "--", "_", "-=",
          "a07e;b", "é", "x=y", "a" * 102)  # fmt: skip


@pytest.mark.parametrize("kind", importable_kinds())
@pytest.mark.parametrize("cell", NO_IDS)
def test_no_kind_takes_url_syntax_for_an_id(kind: str, cell: str) -> None:
    assert id_problem(kind, cell) is not None


@pytest.mark.parametrize(
    ("kind", "ident"),
    [("event", "a07e1iw4r2m67314717"), ("item", "kpBUYrcxLws4iVGJ-cSivYPJUvBGM9P1V53KQcYO8Aw"),
     ("registrant", "001-nu-rFIacqyhbh9DX_dQz6J0aYSIEE-7BNGRLxQ39iEl_8FfFM-UyyP07AMERY0m9rj"
                    "qW2_TrTw="),
     ("fee", "1"), ("folder", "-26"), ("folder", "0"), ("list", "1857833708"),
     ("campaign", "1120058576757"), ("schedule", "1")],
)  # fmt: skip
def test_real_ids_pass(kind: str, ident: str) -> None:
    assert id_problem(kind, ident) is None


def test_a_long_cell_is_quoted_short() -> None:
    assert id_problem("item", "../" * 40) == (
        "'../../../../../../..…' (120 characters) is not an item id (letters and digits, "
        "such as a07e1iw4r2m67314717)"
    )


@pytest.mark.parametrize(
    "ident",
    ["--w6oBQUHrQGYb3AUQUHR4aKn_iTPK-IHzK4ZJQ7mwM", "_xBUYrcxLws4iVGJ-cSivYPJUvBGM9P1V53KQcYO8Aw",
     "-_-9"],
)  # fmt: skip
def test_base64_ids_may_begin_with_a_dash_or_an_underscore(ident: str) -> None:
    """A fee's id began `--` (its event's hash did) and was refused as no fee id: the export
    of that event did not import again as unchanged (CI run of stop 26)."""
    for kind in ("fee", "item", "attribute", "promocode"):
        assert id_problem(kind, ident) is None


@given(seed=st.integers(min_value=0, max_value=2**64))
@settings(max_examples=200, derandomize=True)
def test_every_id_the_simulator_hands_out_passes_its_shape(seed: int) -> None:
    maker = IdMaker(seed)
    event = maker.event_id()
    assert id_problem("event", event) is None
    assert id_problem("fee", maker.child_id(family_of(event))) is None
    assert id_problem("registrant", maker.registrant_id()) is None
    assert id_problem("list", maker.number_id()) is None
