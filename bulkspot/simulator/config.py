"""The simulator's settings: a frozen dataclass checked on creation, and a mutable holder.

The holder (`Settings`) is what the running app reads on every request, so that
`POST /__simulator/control` can swap in new settings without a restart; every change goes
through `SimulatorConfig` again and is checked the same way.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bulkspot.simulator.privileges import KNOWN

DEFAULT_API_KEY = "sandbox-key"
DEFAULT_TOKEN = "sandbox-token"
DEFAULT_RATE = 4.0  # a standard v2 key: 4 requests per second
DEFAULT_DAILY_QUOTA = 10_000  # and 10,000 a day
MAX_LATENCY_MS = 60_000.0
DEFAULT_SEND_WINDOW = 5.0  # seconds between send windows; the real API's: about 300
MAX_SEND_WINDOW = 3600.0


class ConfigError(ValueError):
    """A setting the simulator cannot run with; the message names it."""


@dataclass(frozen=True, slots=True)
class Account:
    """A further account the simulator serves: its api key selects it, its token opens it."""

    api_key: str
    token: str

    def __post_init__(self) -> None:
        _credentials(self.api_key, self.token)


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    """How the simulated API behaves. Every field is checked when the object is made."""

    api_key: str = DEFAULT_API_KEY
    token: str = DEFAULT_TOKEN
    rate: float = DEFAULT_RATE  # requests per sliding second per api key; 0 is no limit
    daily_quota: int = DEFAULT_DAILY_QUOTA  # requests per UTC day; 0 is no limit
    fail_rate: float = 0.0  # chance of a 500 that changes nothing
    ambiguous_rate: float = 0.0  # chance a write is made but its answer lost (500 or drop)
    latency_ms: float = 0.0  # mean added answer time, jittered 0.5x-1.5x
    jitter_ms: float = 0.0  # the gateway counts a request a random 0..jitter_ms after arrival
    # ids, faults and jitter are drawn from it; None: faults and jitter from 0, and ids of
    # this simulator's own, as every account has (so a copy's remapping is put to the test)
    seed: int | None = None
    state_path: str | Path | None = None  # save and restore the store here
    retry_after: int | None = None  # seconds; sends Retry-After with over-limit answers
    privileges: frozenset[str] | None = None  # the token's OAuth privileges; None: every one
    guesses: bool = True  # enforce the rules no document states (guesses.py); False: only sourced
    send_window_s: float = DEFAULT_SEND_WINDOW  # seconds between send windows; 0: at once
    # accounts beyond the first (api_key, token): each its own data, rate window and quota,
    # under the same limits; accounts[i] is account i + 1
    accounts: tuple[Account, ...] = ()
    # api key -> account number (0: api_key's); made from the fields above
    _numbers: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        _credentials(self.api_key, self.token)
        self._check_accounts()
        _number("rate", self.rate, 0.0, 1e9)
        if isinstance(self.daily_quota, bool) or not isinstance(self.daily_quota, int):
            raise ConfigError(f"daily_quota must be a whole number (got {self.daily_quota!r})")
        if self.daily_quota < 0:
            raise ConfigError(f"daily_quota must be 0 (no limit) or more (got {self.daily_quota})")
        _number("fail_rate", self.fail_rate, 0.0, 1.0)
        _number("ambiguous_rate", self.ambiguous_rate, 0.0, 1.0)
        if self.fail_rate + self.ambiguous_rate > 1.0:
            raise ConfigError("fail_rate and ambiguous_rate together must not exceed 1")
        _number("latency_ms", self.latency_ms, 0.0, MAX_LATENCY_MS)
        _number("jitter_ms", self.jitter_ms, 0.0, MAX_LATENCY_MS)
        seed = self.seed
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ConfigError(f"seed must be a whole number (got {self.seed!r})")
        if self.state_path is not None and not isinstance(self.state_path, str | Path):
            raise ConfigError("state_path must be a file path or None")
        if self.retry_after is not None and (
            isinstance(self.retry_after, bool)
            or not isinstance(self.retry_after, int)
            or self.retry_after < 0
        ):
            raise ConfigError(f"retry_after must be whole seconds >= 0 (got {self.retry_after!r})")
        if not isinstance(self.guesses, bool):
            raise ConfigError(f"guesses must be true or false (got {self.guesses!r})")
        _number("send_window_s", self.send_window_s, 0.0, MAX_SEND_WINDOW)
        if self.privileges is not None:
            unknown = sorted(set(self.privileges) - KNOWN)
            if unknown:
                raise ConfigError(
                    f"unknown privileges: {', '.join(unknown)}; known: {', '.join(sorted(KNOWN))}"
                )

    def _check_accounts(self) -> None:
        if not isinstance(self.accounts, tuple) or not all(
            isinstance(a, Account) for a in self.accounts
        ):
            raise ConfigError("accounts must be a tuple of Account")
        numbers = {self.api_key: 0}
        for number, account in enumerate(self.accounts, start=1):
            if account.api_key in numbers:  # the key itself is a secret: name its place
                raise ConfigError(
                    f"account {number} has the api key of account {numbers[account.api_key]}"
                    " (account 0: api_key's)"
                )
            numbers[account.api_key] = number
        if self.accounts and self.state_path is not None:
            raise ConfigError(
                "state_path keeps one account's data: give it without further accounts"
            )
        object.__setattr__(self, "_numbers", numbers)

    def account_number(self, api_key: str | None) -> int | None:
        """The account an api key selects (0: the first), None for a key of no account."""
        return self._numbers.get(api_key) if api_key is not None else None

    def token_of(self, number: int) -> str:
        return self.token if number == 0 else self.accounts[number - 1].token

    def with_credentials(self, number: int, changes: dict[str, Any]) -> SimulatorConfig:
        """This config with account `number`'s api key or token changed (checked again)."""
        unknown = sorted(set(changes) - {"api_key", "token"})
        if unknown:
            raise ConfigError(
                f"{', '.join(unknown)} is the simulator's, not one account's: "
                "change it without ?api_key="
            )
        if number == 0:
            return replace(self, **changes)
        accounts = list(self.accounts)
        accounts[number - 1] = replace(accounts[number - 1], **changes)
        return replace(self, accounts=tuple(accounts))

    @property
    def account_count(self) -> int:
        return 1 + len(self.accounts)

    @property
    def window_limit(self) -> int:
        """Requests admitted per sliding second: the rate rounded down, at least 1; 0 is none.

        A gateway counts whole requests, so a fractional rate (a client's 2.5/s) admits 2.
        """
        return max(1, math.floor(self.rate)) if self.rate > 0 else 0

    def public(self) -> dict[str, Any]:
        """The settings worth showing in stats: everything but the credentials."""
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        for secret in ("api_key", "token"):
            del shown[secret]
        shown["accounts"] = self.account_count  # how many; their credentials are secrets
        shown["state_path"] = str(self.state_path) if self.state_path is not None else None
        if self.privileges is not None:
            shown["privileges"] = sorted(self.privileges)
        return shown


def _credentials(api_key: object, token: object) -> None:
    for name, value in (("api_key", api_key), ("token", token)):
        if not isinstance(value, str) or not value or not value.isprintable():
            raise ConfigError(f"{name} must be a non-empty text without control characters")
        if any(ch.isspace() for ch in value):
            raise ConfigError(f"{name} must not contain spaces")


def _number(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{name} must be a number (got {value!r})")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g} (got {value!r})")


CONTROL_FIELDS = (
    "api_key",
    "token",
    "rate",
    "daily_quota",
    "fail_rate",
    "ambiguous_rate",
    "latency_ms",
    "jitter_ms",
    "retry_after",
    "guesses",
    "send_window_s",
)


class Settings:
    """The settings in force; replaced as a whole, so a request never sees half a change."""

    __slots__ = ("current",)

    def __init__(self, config: SimulatorConfig) -> None:
        self.current = config

    def change(self, changes: dict[str, Any], account: int | None = None) -> SimulatorConfig:
        """Apply runtime changes (only CONTROL_FIELDS), checked like a new config; with an
        account number, only that account's credentials."""
        unknown = sorted(set(changes) - set(CONTROL_FIELDS))
        if unknown:
            raise ConfigError(f"cannot change {', '.join(unknown)} at runtime")
        if account is None:
            self.current = replace(self.current, **changes)
        else:
            self.current = self.current.with_credentials(account, changes)
        return self.current


class Clock(Protocol):
    """Where the simulator reads time; tests pass their own to cross midnight at once."""

    def monotonic(self) -> float: ...

    def utc_now(self) -> datetime: ...


class SystemClock:
    """The real clocks: time.monotonic for the rate window, UTC wall time for dates."""

    def monotonic(self) -> float:
        return time.monotonic()

    def utc_now(self) -> datetime:
        return datetime.now(UTC)
