"""The API's gateway (Mashery): api key, per-second limit, daily quota, then the token.

The per-second limit is strict over any sliding second: a request is admitted when fewer
than the limit were admitted in the 1.0 s before it (time.monotonic, or the injected clock).
A request refused by the per-second limit does not count against the daily quota; the quota
comes back at 00:00 UTC. Each account (its api key) has a window and a quota of its own.
Refusals are the real API's: 403 with a `mashery.*` error key and an `X-Mashery-Error-Code`
header, 401 `unauthorized` for a missing or wrong token.

Arrival jitter (`jitter_ms`) stands for the network between a client and the gateway: each
request is counted a random 0..jitter_ms after it arrived (seeded), so requests a client
spaced evenly reach the window bunched or reordered, as they do on a real network.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import orjson

from bulkspot.simulator.config import Clock, Settings
from bulkspot.simulator.problems import INACTIVE, OVER_QPS, OVER_RATE, UNAUTHORIZED

JSON_TYPE = "application/json;charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A gateway answer: what the stats call it, the status, the body and the headers."""

    kind: str  # inactive, over_qps, over_quota, unauthorized
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def counted(self) -> bool:
        """Whether the request got past the per-second limit (and so into its window)."""
        return self.kind in ("over_quota", "unauthorized")


def _body(key: str, message: str) -> bytes:
    return orjson.dumps([{"error_key": key, "error_message": message}])


_INACTIVE = Refusal(
    "inactive",
    403,
    _body(
        INACTIVE,
        "The Mashery account associated with this request is not active, "
        "or an invalid API key was used.",
    ),
    {"Content-Type": JSON_TYPE, "X-Mashery-Error-Code": "ERR_403_DEVELOPER_INACTIVE"},
)
_QPS_BODY = _body(
    OVER_QPS,
    "The Mashery account associated with this request is over its queries-per-second quota.",
)
_QUOTA_BODY = _body(
    OVER_RATE, "The Mashery account associated with this request is over its rate limit quota."
)
_UNAUTHORIZED = Refusal(
    "unauthorized",
    401,
    _body(UNAUTHORIZED, "Unauthorized"),
    {"Content-Type": JSON_TYPE, "WWW-Authenticate": 'Bearer realm="api.constantcontact.com"'},
)

_QPS_REFUSALS: dict[int | None, Refusal] = {}


class Gateway:
    """Admits or refuses each request, in the order the real gateway checks."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.windows: dict[int, deque[float]] = {}  # by account number
        self.quota_day: date | None = None
        self.used: dict[int, int] = {}  # requests today, by account number
        self.jitter = random.Random(f"arrival:{settings.current.seed or 0}")

    def arrival_delay(self) -> float:
        """Seconds between a request's arrival and its count (0.0 without jitter)."""
        jitter = self.settings.current.jitter_ms
        if not jitter:
            return 0.0
        return self.jitter.uniform(0.0, jitter) / 1000.0

    def check(self, account: int | None, authorization: str | None, now: float) -> Refusal | None:
        """None to admit; otherwise the answer to give. `account` is the number the request's
        api key selects (None: no account has it); `now` is a monotonic reading."""
        if account is None:
            return _INACTIVE
        config = self.settings.current
        limit = config.window_limit
        if limit:
            window = self.windows.get(account)
            if window is None:
                window = self.windows[account] = deque()
            edge = now - 1.0
            while window and window[0] <= edge:
                window.popleft()
            if len(window) >= limit:
                return self._over_qps(config.retry_after)
            window.append(now)
        utc_now = self.clock.utc_now()
        today = utc_now.date()
        if today != self.quota_day:
            self.quota_day = today
            self.used.clear()
        used = self.used.get(account, 0)
        if config.daily_quota and used >= config.daily_quota:
            return self._over_quota(config.retry_after, utc_now)
        self.used[account] = used + 1
        token = config.token_of(account)
        if authorization != "Bearer " + token and not _bearer_is(authorization, token):
            return _UNAUTHORIZED
        return None

    def quota_used(self, account: int | None = None) -> int:
        """Requests counted today by one account, or by all of them (None)."""
        if self.quota_day != self.clock.utc_now().date():
            return 0
        return sum(self.used.values()) if account is None else self.used.get(account, 0)

    def reset_quota(self, account: int | None = None) -> None:
        """Give back one account's quota, or every account's (None)."""
        if account is None:
            self.used.clear()
        else:
            self.used.pop(account, None)

    @staticmethod
    def _over_qps(retry_after: int | None) -> Refusal:
        refusal = _QPS_REFUSALS.get(retry_after)
        if refusal is None:  # a burst meets thousands of these: make each kind once
            headers = {
                "Content-Type": JSON_TYPE,
                "X-Mashery-Error-Code": "ERR_403_DEVELOPER_OVER_QPS",
            }
            if retry_after is not None:
                headers["Retry-After"] = str(retry_after)
            refusal = _QPS_REFUSALS[retry_after] = Refusal("over_qps", 403, _QPS_BODY, headers)
        return refusal

    @staticmethod
    def _over_quota(retry_after: int | None, utc_now: datetime) -> Refusal:
        headers = {"Content-Type": JSON_TYPE, "X-Mashery-Error-Code": "ERR_403_DEVELOPER_OVER_RATE"}
        if retry_after is not None:
            midnight = datetime.combine(utc_now.date() + timedelta(days=1), time(), utc_now.tzinfo)
            headers["Retry-After"] = str(math.ceil((midnight - utc_now).total_seconds()))
        return Refusal("over_quota", 403, _QUOTA_BODY, headers)


def _bearer_is(authorization: str | None, token: str) -> bool:
    """`Bearer TOKEN`, the scheme in any case, as HTTP allows."""
    if not authorization:
        return False
    scheme, _, given = authorization.strip().partition(" ")
    return scheme.lower() == "bearer" and given.strip() == token
