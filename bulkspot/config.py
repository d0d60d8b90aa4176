"""Settings as frozen dataclasses, checked when they are made.

A bad setting fails here, with a message naming it, before any file is read or any request
sent. Secrets are kept out of `repr`, so a settings object can be logged safely.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bulkspot.core.backoff import Backoff
from bulkspot.core.operation import OnExisting
from bulkspot.core.wording import option
from bulkspot.errors import ConfigError, UsageError

DEFAULT_BASE_URL = "https://api.constantcontact.com/v2/"
STANDARD_RATE = 4.0  # requests per second of a standard v2 key (documented)
STANDARD_DAILY_QUOTA = 10_000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _a(value: object) -> str:
    """What a value is, for a message: its type, never the value (it may be a secret)."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def check_type(value: object, types: type | tuple[type, ...], name: str, wanted: str) -> None:
    """UsageError naming the field when a script (one without mypy) gives a value of
    another type, rather than a TypeError or AttributeError from deep inside a run."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _all(types)):
        raise UsageError(f"{name} must be {wanted}, not {_a(value)}")


def _all(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


@dataclass(frozen=True, slots=True)
class SecretsGiven:
    """Where the api key and the access token were given (a variable's or an option's name,
    never the value), so a message that asks to fix one names the place to fix it."""

    api_key: str = ""  # "": the usual place, said in the caller's words (`api_key_place`)
    token: str = ""

    def api_key_place(self) -> str:
        return self.api_key or f"CTCT_API_KEY (or {option('--api-key')})"

    def token_place(self) -> str:
        return self.token or f"CTCT_ACCESS_TOKEN (or {option('--token')})"


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Where the API is and how to authenticate. The secrets never reach a repr."""

    api_key: str = field(repr=False)
    token: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    connect_timeout: float = 10.0
    total_timeout: float = 60.0
    given: SecretsGiven = field(default=SecretsGiven(), compare=False)

    def __post_init__(self) -> None:
        check_type(self.api_key, str, "api_key", "a str")
        check_type(self.token, str, "token", "a str")
        check_type(self.base_url, str, "base_url", "a str")
        if not self.api_key.strip() and not self.token.strip():  # both said at once
            raise ConfigError(
                "no api key and no access token: set CTCT_API_KEY and CTCT_ACCESS_TOKEN "
                f"(or pass {option('--api-key')} and {option('--token')})"
            )
        if not self.api_key.strip():
            raise ConfigError(f"no api key: set CTCT_API_KEY or pass {option('--api-key')}")
        if not self.token.strip():
            raise ConfigError(f"no access token: set CTCT_ACCESS_TOKEN or pass {option('--token')}")
        for what, secret in (("the api key", self.api_key), ("the access token", self.token)):
            # A stray space or newline (a pasted value) would fail every request, or make
            # aiohttp refuse the header with a bare ValueError; say so now, without echoing it.
            if any(ch.isspace() or not ch.isprintable() for ch in secret):
                raise ConfigError(f"{what} contains spaces or control characters")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"base URL {self.base_url!r} is not an http(s) URL")
        if parts.scheme != "https" and not is_loopback(parts.hostname):
            raise ConfigError(
                f"base URL {self.base_url!r} is not https: refusing to send the token in clear "
                "text (plain http is allowed only to the loopback, such as the simulator)"
            )
        if not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")
        if self.connect_timeout <= 0 or self.total_timeout <= 0:
            raise ConfigError("timeouts must be positive")

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key, self.token)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one operation before calling it failed."""

    max_attempts: int = 8
    max_seconds: float = 300.0
    unreachable_seconds: float = 5.0  # a host refusing connections this long stops the run
    backoff: Backoff = field(default_factory=Backoff)
    over_limit_wait: float = 1.0  # a gateway 403 over-qps without Retry-After: wait about 1 s

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ConfigError("max attempts must be at least 1")
        if self.max_seconds <= 0:
            raise ConfigError("max seconds per row must be positive")

    @classmethod
    def no_wait(cls, max_attempts: int = 8) -> RetryPolicy:
        """For tests: the same decisions, no waiting between attempts."""
        return cls(max_attempts=max_attempts, backoff=Backoff(0.0, 0.0, 0.0), over_limit_wait=0.0)


@dataclass(frozen=True, slots=True)
class Limits:
    """How fast: requests per second (never exceeded) and requests in flight."""

    rate: float = STANDARD_RATE
    concurrency: int | None = None  # None: enough to fill the rate at the observed latency
    max_concurrency: int = 64

    def __post_init__(self) -> None:
        check_type(self.rate, (int, float), "rate", "a number of requests per second")
        check_type(self.concurrency, (int, type(None)), "concurrency", "an int or None (auto)")
        check_type(self.max_concurrency, int, "max_concurrency", "an int")
        if self.rate <= 0:
            raise ConfigError("the rate must be a positive number of requests per second")
        if self.concurrency is not None and self.concurrency < 1:
            raise ConfigError("concurrency must be at least 1 (or auto)")
        if self.max_concurrency < 1:
            raise ConfigError("max concurrency must be at least 1")


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Everything a run needs besides its input and its sinks."""

    api: ApiSettings
    limits: Limits = field(default_factory=Limits)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    on_existing: OnExisting = OnExisting.SKIP
    seed: int | None = None  # for the backoff jitter; None draws from the OS

    def __post_init__(self) -> None:
        check_type(self.api, ApiSettings, "api", "a bulkspot.ApiSettings")
        check_type(self.limits, Limits, "limits", "a bulkspot.Limits")
        check_type(self.retry, RetryPolicy, "retry", "a RetryPolicy")


def checked_config(value: object, name: str = "config") -> RunConfig:
    """A caller's `config` as a RunConfig, or UsageError naming the parameter: passed None
    or its settings, a script met an AttributeError from deep inside the run."""
    check_type(
        value,
        RunConfig,
        name,
        "a bulkspot.RunConfig, such as bulkspot.RunConfig(bulkspot.settings_from_env())",
    )
    assert isinstance(value, RunConfig)
    return value


def checked_mapping(value: object, name: str, example: str) -> dict[str, str]:
    """A caller's mapping of str to str (column_map=, constants=) as a dict, or UsageError
    naming the parameter ("a=b" given for {"a": "b"} met a bare ValueError)."""
    if value is None:
        return {}
    wanted = f"a mapping of str to str, such as {example}"
    check_type(value, Mapping, name, wanted)
    assert isinstance(value, Mapping)
    for key, item in value.items():
        check_type(key, str, f"each key of {name}", "a str")
        check_type(item, str, f"each value of {name}", "a str")
    return dict(value)
