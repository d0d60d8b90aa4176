"""Promocode names, generated: unique, readable aloud, inside the API's rules.

A code is `prefix + random part`, 4-12 characters of letters, digits and `_` (the API's rule
for `code_name`). The random part is drawn from an alphabet without look-alikes (no 0/O, no
1/I/L), so a code read from a printed ticket is typed right. Codes are unique among
themselves and against the event's existing codes (compared without regard to case), and the
same seed gives the same codes. Pure: no I/O, the caller hands in what exists.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bulkspot.core.amounts import to_discount
from bulkspot.core.coerce import CellError
from bulkspot.core.column import Role
from bulkspot.core.resources import CODE_NAME
from bulkspot.errors import ConfigError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
MIN_LENGTH, MAX_LENGTH = 4, 12
DEFAULT_LENGTH = 8
_PREFIX = re.compile(r"[A-Za-z0-9_]*")


class GenerateError(ConfigError):
    """What was asked of the generator cannot be done; the message says why (a usage error:
    the options asked for it)."""


class CodeSpaceError(GenerateError):
    """The asked-for codes cannot exist: too long, too short, or too few possible."""


class TermsError(GenerateError):
    """The discount or access terms of the codes contradict each other or the API's rules."""


def capacity(prefix: str, length: int) -> int:
    """How many distinct codes of `length` characters start with `prefix`."""
    return int(len(ALPHABET) ** max(0, length - len(prefix)))


def check_request(count: int, prefix: str, length: int) -> None:
    """Refuse a request that cannot be met, with a reason a person can act on."""
    if count < 1:
        raise CodeSpaceError("the count must be at least 1")
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise CodeSpaceError(
            f"a code is {MIN_LENGTH}-{MAX_LENGTH} characters long, so --length {length} "
            "cannot be used"
        )
    if not _PREFIX.fullmatch(prefix):
        raise CodeSpaceError(f"the prefix {prefix!r} may hold only letters, digits and _")
    if len(prefix) >= length:
        raise CodeSpaceError(
            f"the prefix {prefix!r} leaves no room for a random part in {length} characters: "
            "use a shorter prefix or a longer --length"
        )


def _code(prefix: str, index: int, width: int) -> str:
    chars = []
    for _ in range(width):
        index, digit = divmod(index, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return prefix + "".join(reversed(chars))


def generate_codes(
    count: int,
    *,
    prefix: str = "",
    length: int = DEFAULT_LENGTH,
    existing: Iterable[str] = (),
    seed: int | None = None,
) -> list[str]:
    """`count` new codes of `length` characters (prefix included), none of them in `existing`.

    Raises CodeSpaceError when the combination cannot give `count` codes.
    """
    check_request(count, prefix, length)
    width = length - len(prefix)
    space = capacity(prefix, length)
    taken = {code.upper() for code in existing}
    clashes = sum(
        1
        for code in taken
        if len(code) == length
        and code.startswith(prefix.upper())
        and all(c in ALPHABET for c in code[len(prefix) :])
    )
    free = space - clashes
    if free < count:
        raise CodeSpaceError(
            f"{prefix!r} with {width} random characters gives only {free} new codes, "
            f"fewer than the {count} asked for: use a shorter prefix or a longer --length"
        )
    rng = random.Random(seed)
    # Distinct indices into the code space, a few spare for codes that already exist.
    drawn = rng.sample(range(space), min(space, count + clashes))
    codes: list[str] = []
    for index in drawn:
        code = _code(prefix, index, width)
        if code.upper() not in taken:
            codes.append(code)
            if len(codes) == count:
                break
    assert all(CODE_NAME.fullmatch(code) for code in codes)
    return codes


UNLIMITED = -1


@dataclass(frozen=True, slots=True)
class PromocodeTerms:
    """What every generated code grants: a discount (percent or amount, on the order or on
    some fees) or access to one restricted fee; how often it can be used; paused or live."""

    discount: str | None = None  # "20%" or "15.00"
    scope: str | None = None  # FEE_LIST or ORDER_TOTAL; default: FEE_LIST when fees are given
    fees: tuple[str, ...] = ()  # fee labels of a FEE_LIST discount
    access_fee: str | None = None  # the restricted fee an ACCESS code opens
    quantity: int = UNLIMITED
    paused: bool = False

    @property
    def code_type(self) -> str:
        return "ACCESS" if self.access_fee else "DISCOUNT"

    @property
    def discount_scope(self) -> str | None:
        if self.access_fee:
            return None
        return (self.scope or ("FEE_LIST" if self.fees else "ORDER_TOTAL")).upper()

    def check(self) -> None:
        """Refuse terms the API would refuse, before any code is written."""
        if self.access_fee:
            if self.discount or self.scope or self.fees:
                raise TermsError(
                    "an access code opens one fee and gives no discount: --access-fee cannot "
                    "go with --discount, --scope or --fees"
                )
        elif not self.discount:
            raise TermsError("say what the codes give: --discount 20% (or 15.00), or --access-fee")
        else:
            field, value = self._discount()
            if field == "discount_percent" and not 1 <= value <= 100:
                raise TermsError(f"a percent discount is 1-100, not {self.discount}")
            if field == "discount_amount" and value < 0.01:
                raise TermsError(f"an amount discount is at least 0.01, not {self.discount}")
            if self.discount_scope not in ("FEE_LIST", "ORDER_TOTAL"):
                raise TermsError(f"--scope is FEE_LIST or ORDER_TOTAL, not {self.scope}")
            if self.discount_scope == "FEE_LIST" and not self.fees:
                raise TermsError("a FEE_LIST discount needs the fees it applies to: --fees")
            if self.discount_scope == "ORDER_TOTAL" and self.fees:
                raise TermsError("an ORDER_TOTAL discount applies to the order, not to --fees")
        if self.quantity < 0 and self.quantity != UNLIMITED:
            raise TermsError("the quantity is a whole number of uses, or unlimited")

    def _discount(self) -> tuple[str, float]:
        try:
            return to_discount(self.discount)
        except CellError as error:
            raise TermsError(f"--discount {self.discount}: {error}") from None

    def row(self, code: str) -> dict[str, str]:
        """One line of a promocodes sheet, in the columns `bulkspot import promocodes` reads."""
        return {
            "code_name": code,
            "code_type": self.code_type,
            "discount": self.discount or "",
            "discount_scope": self.discount_scope or "",
            Role.FEES.value: ";".join(self.fees) if self.fees else (self.access_fee or ""),
            "quantity_total": "unlimited" if self.quantity == UNLIMITED else str(self.quantity),
            "is_paused": "yes" if self.paused else "no",
        }
