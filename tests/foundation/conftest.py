"""Shared helpers of the foundation tests: the SDK fixtures in tests/fixtures, secrets, senders."""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses

from bulkspot.config import ApiSettings

# The SDKs' example payloads, copied into the repository (origin of each in SOURCES.md there).
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ctct-v2"

# Distinctive secrets: any appearance of them in an error is a leak, not a coincidence.
API_KEY = "KEYzq81vLEAKCANARY"
TOKEN = "TOKzq81vLEAKCANARY-0f3e"
SECRETS = (API_KEY, TOKEN)
BASE_URL = "http://127.0.0.1:9/v2/"


class FixtureReader:
    """Reads fixture files by name and remembers which ones were read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read: set[str] = set()

    def __call__(self, name: str) -> Any:
        self.read.add(name)
        return json.loads((self.root / name).read_text(encoding="utf-8"))

    def present(self) -> set[str]:
        return {p.name for p in self.root.glob("*.json")}


@pytest.fixture(scope="session")
def fixture_reader() -> FixtureReader:
    """One reader for the session: a missing fixture directory fails, it is never skipped."""
    assert FIXTURES.is_dir(), f"the fixtures are missing: {FIXTURES}"
    return FixtureReader(FIXTURES)


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


class _Response(aiohttp.ClientResponse):
    """aiohttp 3.14 requires `stream_writer`, which aioresponses 0.7.9 does not pass
    (pnuckowski/aioresponses#289); a finished upload needs only its `output_size`."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


_NEEDS_STREAM_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse).parameters


class Mocked(aioresponses):
    """aioresponses, with responses aiohttp of this version can build."""

    def add(self, url: Any, method: str = "GET", *args: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER and not args:
            kwargs.setdefault("response_class", _Response)
        super().add(url, method, *args, **kwargs)


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


def url(path: str) -> str:
    """The URL the sender asks for a relative path: base + path + the api key."""
    return f"{BASE_URL}{path}{'&' if '?' in path else '?'}api_key={API_KEY}"


def assert_no_secret(error: BaseException) -> None:
    """Neither secret in str/repr of the error nor of anything on its cause/context chain."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        texts = [str(exc), repr(exc), *(repr(a) for a in exc.args)]
        texts += [repr(v) for v in vars(exc).values()] if hasattr(exc, "__dict__") else []
        for text in texts:
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} leaked through {type(exc).__name__}"
        todo += [exc.__cause__, exc.__context__]
