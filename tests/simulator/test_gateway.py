"""The gateway: the api key, the strict per-second window, the daily quota to 00:00 UTC, the
token, in that order. Time comes from a manual clock: nothing sleeps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock

EVENTS = "eventspot/events"
INACTIVE = "mashery.not.authorized.inactive"
OVER_QPS = "mashery.not.authorized.over.qps"
OVER_RATE = "mashery.not.authorized.over.ratelimit"


async def test_an_unknown_or_missing_api_key_is_403_inactive(api: Api) -> None:
    for reply in (await api.get(EVENTS, key="other-key"), await api.get(EVENTS, key=None)):
        assert reply.status == 403
        assert reply.keys == [INACTIVE]


async def test_a_missing_or_wrong_token_is_401(api: Api) -> None:
    for reply in (
        await api.get(EVENTS, token=None),
        await api.get(EVENTS, token="wrong"),
        await api.get(EVENTS, headers={"Authorization": "Basic c2FuZGJveA=="}),
    ):
        assert reply.status == 401
        assert reply.keys == ["unauthorized"]
    assert (await api.get(EVENTS, headers={"Authorization": "bearer sandbox-token"})).status == 200


async def test_the_key_is_checked_before_the_token(api: Api) -> None:
    reply = await api.get(EVENTS, key="other-key", token="wrong")
    assert reply.status == 403 and reply.keys == [INACTIVE]


async def test_the_limits_come_before_the_token(start_sim: StartSim) -> None:
    clock = ManualClock()
    _, api = await start_sim(clock=clock, rate=1, daily_quota=2)
    assert (await api.get(EVENTS, token="wrong")).status == 401  # counted: passed the limits
    over_qps = await api.get(EVENTS, token="wrong")
    assert over_qps.status == 403 and over_qps.keys == [OVER_QPS]
    clock.advance(1.0)
    assert (await api.get(EVENTS)).status == 200
    clock.advance(1.0)
    over_quota = await api.get(EVENTS, token="wrong")
    assert over_quota.status == 403 and over_quota.keys == [OVER_RATE]


async def test_the_window_is_strict_over_any_sliding_second(start_sim: StartSim) -> None:
    clock = ManualClock()
    sim, api = await start_sim(clock=clock, rate=4)
    # Offsets that floats hold exactly, so the edges are exact too.
    for offset in (0.0, 0.125, 0.25, 0.875):
        clock.now = 1000.0 + offset
        assert (await api.get(EVENTS)).status == 200
    clock.now = 1000.9375  # four in the last second: refused
    refused = await api.get(EVENTS)
    assert refused.status == 403 and refused.keys == [OVER_QPS]
    assert refused.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_QPS"
    assert "Retry-After" not in refused.headers
    clock.now = 1000.0 + 1023 / 1024  # the one at 0.0 is still inside
    assert (await api.get(EVENTS)).status == 403
    clock.now = 1001.0  # exactly 1.0 s after the first: it has left the window
    assert (await api.get(EVENTS)).status == 200
    clock.now = 1001.0625
    assert (await api.get(EVENTS)).status == 403  # 0.125, 0.25, 0.875 and 1.0 are inside
    clock.now = 1001.125
    assert (await api.get(EVENTS)).status == 200
    stats = sim.stats()
    assert stats["over_qps"] == 3
    assert stats["max_requests_in_window"] == 4
    assert stats["max_arrivals_in_window"] >= 5


async def test_refusals_by_the_window_do_not_use_the_quota(start_sim: StartSim) -> None:
    clock = ManualClock()
    sim, api = await start_sim(clock=clock, rate=2, daily_quota=3)
    statuses = [(await api.get(EVENTS)).status for _ in range(5)]
    assert statuses == [200, 200, 403, 403, 403]
    assert sim.stats()["quota_used"] == 2
    clock.advance(1.0)
    assert (await api.get(EVENTS)).status == 200
    clock.advance(1.0)
    reply = await api.get(EVENTS)
    assert reply.status == 403 and reply.keys == [OVER_RATE]


async def test_the_quota_lasts_until_midnight_utc(start_sim: StartSim) -> None:
    clock = ManualClock(datetime(2027, 3, 1, 23, 59, 58, tzinfo=UTC))
    sim, api = await start_sim(clock=clock, daily_quota=3, retry_after=1)
    assert [(await api.get(EVENTS)).status for _ in range(3)] == [200] * 3
    refused = await api.get(EVENTS)
    assert refused.status == 403 and refused.keys == [OVER_RATE]
    assert refused.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_RATE"
    assert refused.headers["Retry-After"] == "2"  # seconds to 00:00 UTC
    clock.advance(1.5)  # 23:59:59.5: still the same day
    assert (await api.get(EVENTS)).status == 403
    clock.advance(0.5)  # 00:00:00.0
    assert (await api.get(EVENTS)).status == 200
    stats = sim.stats()
    assert stats["over_quota"] == 2 and stats["quota_used"] == 1


async def test_retry_after_is_sent_only_when_asked(start_sim: StartSim) -> None:
    clock = ManualClock()
    _, api = await start_sim(clock=clock, rate=1, retry_after=3)
    await api.get(EVENTS)
    refused = await api.get(EVENTS)
    assert refused.status == 403 and refused.headers["Retry-After"] == "3"


async def test_rate_0_and_quota_0_mean_no_limit(start_sim: StartSim) -> None:
    sim, api = await start_sim(rate=0, daily_quota=0)
    replies = await asyncio.gather(*(api.get(EVENTS) for _ in range(60)))
    assert {r.status for r in replies} == {200}
    assert sim.stats()["max_requests_in_window"] == 60


async def test_a_fractional_rate_admits_whole_requests(start_sim: StartSim) -> None:
    clock = ManualClock()
    _, api = await start_sim(clock=clock, rate=2.5)
    assert [(await api.get(EVENTS)).status for _ in range(3)] == [200, 200, 403]


async def test_a_real_burst_is_held_to_the_rate(start_sim: StartSim) -> None:
    """With the real clock: 40 requests at once against rate 5 admit exactly 5."""
    sim, api = await start_sim(rate=5)
    replies = await asyncio.gather(*(api.get(EVENTS) for _ in range(40)))
    statuses = sorted(r.status for r in replies)
    assert statuses.count(200) == 5 and statuses.count(403) == 35
    stats = sim.stats()
    assert stats["max_requests_in_window"] == 5 and stats["over_qps"] == 35
