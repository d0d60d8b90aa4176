"""The promocode generator: length bounds, alphabet, uniqueness, existing codes left out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulkspot.core.codes import ALPHABET, CodeSpaceError, capacity, generate_codes
from bulkspot.core.resources import CODE_NAME

prefixes = st.text(alphabet="ABCXYZ_29", max_size=4)


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(1, 300),
    prefix=prefixes,
    extra=st.integers(1, 8),
    seed=st.integers(0, 2**32),
    existing=st.lists(st.text(alphabet=ALPHABET, min_size=4, max_size=12), max_size=30),
)
def test_codes_are_valid_unique_and_new(
    count: int, prefix: str, extra: int, seed: int, existing: list[str]
) -> None:
    length = min(12, max(4, len(prefix) + extra))
    if len(prefix) >= length or capacity(prefix, length) < count + len(existing):
        return
    codes = generate_codes(count, prefix=prefix, length=length, existing=existing, seed=seed)
    assert len(codes) == count
    assert len(set(codes)) == count
    assert not set(codes) & {e.upper() for e in existing}
    for code in codes:
        assert len(code) == length
        assert CODE_NAME.fullmatch(code)
        assert code.startswith(prefix)
        assert set(code[len(prefix) :]) <= set(ALPHABET)
        assert not set(code[len(prefix) :]) & set("0O1IL")


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_same_seed_same_codes(seed: int) -> None:
    assert generate_codes(20, prefix="VIP", seed=seed) == generate_codes(
        20, prefix="VIP", seed=seed
    )


def test_a_full_space_is_used_exactly() -> None:
    # "VIP_" + 1 random char: 31 codes in all; 3 exist already (one in lower case).
    existing = ["VIP_2", "vip_a", "VIP_Z", "OTHER1"]
    codes = generate_codes(28, prefix="VIP_", length=5, existing=existing, seed=1)
    assert sorted(c.upper() for c in codes) == sorted(
        f"VIP_{c}" for c in ALPHABET if c not in "2AZ"
    )
    with pytest.raises(CodeSpaceError, match="only 28 new codes"):
        generate_codes(29, prefix="VIP_", length=5, existing=existing, seed=1)


@pytest.mark.parametrize(
    ("count", "prefix", "length", "message"),
    [
        (5, "", 3, "4-12 characters"),
        (5, "", 13, "4-12 characters"),
        (5, "SUMMER", 6, "leaves no room"),
        (5, "SUM-", 8, "only letters, digits and _"),
        (0, "", 8, "at least 1"),
        (40, "SUMMER", 7, "only 31 new codes"),
    ],
)
def test_impossible_requests_are_refused(
    count: int, prefix: str, length: int, message: str
) -> None:
    with pytest.raises(CodeSpaceError, match=message):
        generate_codes(count, prefix=prefix, length=length)
