"""Fixtures of the transport tests: settings with canary secrets, a real sender, and every
request intercepted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bulkspot.config import ApiSettings
from tests.canaries import API_KEY, TOKEN
from tests.transport.mocks import BASE_URL, Mocked


@pytest.fixture
def settings() -> ApiSettings:
    return ApiSettings(api_key=API_KEY, token=TOKEN, base_url=BASE_URL)


@pytest.fixture
async def sender(settings: ApiSettings) -> AsyncIterator[Any]:
    from bulkspot.transport.aiohttp_sender import AiohttpSender

    s = AiohttpSender(settings)
    try:
        yield s
    finally:
        await s.aclose()


@pytest.fixture
def mocked() -> Iterator[Mocked]:
    """Every aiohttp request intercepted: an unregistered one fails to connect."""
    m = Mocked()
    with m:
        yield m
    # Whatever a test checked: every request it made carried the key once, and the token.
    for (_, sent_to), calls in m.requests.items():
        assert len(sent_to.query.getall("api_key")) == 1, sent_to
        for call in calls:
            assert call.kwargs["headers"]["Authorization"] == f"Bearer {TOKEN}"
