"""aioresponses for the transport tests: every aiohttp request intercepted, and the URL the
sender asks for a relative path."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import aiohttp
from aioresponses import aioresponses

from tests.canaries import API_KEY

BASE_URL = "http://127.0.0.1:9/v2/"


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


def url(path: str) -> str:
    """The URL the sender asks for a relative path: base + path + the api key."""
    return f"{BASE_URL}{path}{'&' if '?' in path else '?'}api_key={API_KEY}"
