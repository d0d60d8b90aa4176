"""Ids shaped like the real API's, the same for the same seed and order of creates.

Events: 19 characters, `a07e` + 7 base-36 characters + 8 hex digits (`a07e1iw4r2m67314717`).
Children (fees, items, attributes, promocodes): 43 characters of URL-safe base64 of 32 bytes,
the first 16 shared by every child of one event, as in the fixtures
(`kpBUYrcxLws4iVGJ-cSivYPJUvBGM9P1V53KQcYO8Aw`, `kpBUYrcxLws4iVGJ-cSivbIwqpZ7nzW2Y09fUs00t3Q`).
Each id is a hash of the seed and a serial number; the serial is saved with the state, so a
restarted simulator never hands out an id twice. Without a seed, a simulator draws one of its
own: two simulators hand out different ids, as two accounts do.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def draw_seed() -> int:
    """A seed of a simulator's own, wider than any typed seed's usual range (the test suite
    draws these from a seeded generator, so that a failing run can be repeated)."""
    return secrets.randbits(64) + 2**64


class IdMaker:
    """Deterministic ids from a seed and a running serial number."""

    __slots__ = ("seed", "serial")

    def __init__(self, seed: int | None, serial: int = 0) -> None:
        self.seed = seed if seed is not None else draw_seed()
        self.serial = serial

    def _digest(self, kind: bytes) -> bytes:
        self.serial += 1
        material = b"%s:%d:%d" % (kind, self.seed, self.serial)
        return hashlib.blake2b(material, digest_size=16).digest()

    def event_id(self) -> str:
        digest = self._digest(b"event")
        number = int.from_bytes(digest[:8], "big")
        middle = ""
        for _ in range(7):
            number, digit = divmod(number, 36)
            middle += _BASE36[digit]
        return "a07e" + middle + digest[8:12].hex()

    def child_id(self, family: bytes) -> str:
        """A child of the event whose `family` (see `family_of`) is given."""
        return base64.urlsafe_b64encode(family + self._digest(b"child")).decode()[:43]

    def number_id(self) -> str:
        """A folder's, file's or contact list's id: digits, as the v2 API gave them."""
        return str(1_000_000 + int.from_bytes(self._digest(b"number")[:4], "big") % 9_000_000_000)

    def registrant_id(self) -> str:
        raw = (
            self._digest(b"registrant") + self._digest(b"registrant") + self._digest(b"registrant")
        )
        return "001" + base64.urlsafe_b64encode(raw).decode()


def family_of(event_id: str) -> bytes:
    """The 16 bytes that begin the id of every child of one event."""
    return hashlib.blake2b(event_id.encode(), digest_size=16).digest()
