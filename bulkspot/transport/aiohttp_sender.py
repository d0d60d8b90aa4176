"""The one place bulkspot speaks HTTP: aiohttp for the wire, orjson for the bodies."""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
import time
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import orjson
from yarl import URL

from bulkspot.config import ApiSettings
from bulkspot.core.apipath import Address, ForeignLink, NextLink, follow
from bulkspot.errors import (
    ConnectError,
    NetworkError,
    RequestTimeout,
    StopRun,
)
from bulkspot.transport.answers import parse_success
from bulkspot.transport.base import Reply
from bulkspot.transport.error_answers import error_for_status
from bulkspot.transport.sent import request_left

_JSON = "application/json"
_KEY_IN_QUERY = re.compile(r"(api_key=)[^&#\s'\"<>)\]]+", re.IGNORECASE)


class AiohttpSender:
    """Sends requests with the api key in the query and the token in a Bearer header.

    Error messages carry the method and the path, never the query string or the headers,
    so neither secret can leak through an exception, a log line or a results file.
    """

    def __init__(
        self,
        settings: ApiSettings,
        *,
        session: aiohttp.ClientSession | None = None,
        user_agent: str = "bulkspot",
    ) -> None:
        self._settings = settings
        self._base = settings.base_url
        parts = urlsplit(settings.base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self._host = f"{parts.hostname}:{port}"  # what "cannot reach" names
        self._key_param = "api_key=" + quote(settings.api_key, safe="")
        self._headers = {
            "Authorization": f"Bearer {settings.token}",
            "Accept": _JSON,
            "Content-Type": _JSON,
            "User-Agent": user_agent,
        }
        self._owns_session = session is None
        self._session = session or aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(
                total=settings.total_timeout, sock_connect=settings.connect_timeout
            ),
            connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
            json_serialize=lambda obj: orjson.dumps(obj).decode(),
            trace_configs=[_SENT_TRACE],
        )

    def url_for(self, path: Address) -> str:
        """The full URL of a path or a `next_link`, with the api key added: the one place
        bulkspot builds a URL. Each segment is percent-encoded, and a next_link is followed
        only on the base URL (ForeignLink otherwise: the key never leaves for elsewhere)."""
        target = follow(path, self._base) if isinstance(path, NextLink) else path
        query = "".join(
            f"{quote(name, safe='')}={quote(value, safe='')}&" for name, value in target.query
        )
        return f"{self._base}{target.encoded}?{query}{self._key_param}"

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        try:
            target = follow(path, self._base) if isinstance(path, NextLink) else path
        except ForeignLink as foreign:
            raise StopRun(
                str(foreign), resume_hint="check the base URL (--base-url), then run again"
            ) from None
        url = URL(self.url_for(target), encoded=True)  # as built: never re-encoded
        shown_path = str(target)
        data = orjson.dumps(body) if body is not None else None
        # The mapped error is raised after the `except` block, not inside it: raised inside,
        # it would keep aiohttp's exception as its __context__, and aiohttp's messages may
        # hold the URL, api key included.
        failure: NetworkError | None = None
        try:
            async with self._session.request(
                method, url, data=data, headers=self._headers
            ) as response:
                raw = await response.read()
                status = response.status
                headers = response.headers
        except aiohttp.ClientConnectorError as exc:
            # aiohttp's own words name its connection key ("ssl:default"): the OS's do not
            reason = _os_reason(exc.os_error)
            failure = ConnectError(
                f"cannot reach {self._host} ({reason}) for {method} {shown_path}",
                method=method,
                path=shown_path,
            )
        except TimeoutError as exc:
            connect_only = isinstance(exc, aiohttp.ConnectionTimeoutError)
            cls = ConnectError if connect_only else RequestTimeout
            failure = cls(
                f"no answer in time for {method} {shown_path}", method=method, path=shown_path
            )
        except aiohttp.ClientError as exc:
            failure = NetworkError(
                f"connection lost during {method} {shown_path}: "
                f"{type(exc).__name__} {self._scrub(exc)}".rstrip(),
                method=method,
                path=shown_path,
            )
        if failure is not None:
            raise failure
        if status >= 400:
            raise error_for_status(
                status,
                _parse(self._scrub_body(raw)),
                method=method,
                path=shown_path,
                retry_after=parse_retry_after(headers.get("Retry-After")),
                mashery_code=headers.get("X-Mashery-Error-Code"),
            )
        return Reply(status, parse_success(raw, status, method=method, path=shown_path), headers)

    def _scrub(self, exc: BaseException) -> str:
        text = str(exc)
        for secret in self._settings.secrets:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
        # However a URL was re-encoded on its way into a message, its api key goes.
        return _KEY_IN_QUERY.sub(r"\1***", text)

    def _scrub_body(self, raw: bytes) -> bytes:
        """An error body with the secrets taken out, should a server echo them back."""
        for secret in self._settings.secrets:
            raw = raw.replace(secret.encode(), b"***")
        return raw

    async def aclose(self) -> None:
        if self._owns_session:
            await self._session.close()


async def _bytes_sent(*_: object) -> None:
    """A request's headers, or its body (on Python 3.11 aiohttp writes a body from a task of
    its own, a turn of the loop after the headers), are going out now: the rate gate counts
    the request from the last of them (transport/sent.py)."""
    request_left()


_SENT_TRACE = aiohttp.TraceConfig()
_SENT_TRACE.on_request_headers_sent.append(_bytes_sent)
_SENT_TRACE.on_request_chunk_sent.append(_bytes_sent)
_SENT_TRACE.freeze()


def _parse(raw: bytes) -> Any:
    """An error answer's body: JSON, or the start of its text (an HTML error page)."""
    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw[:200].decode("utf-8", "replace")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": an HTTP date is always UTC, never local time
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _os_reason(error: OSError) -> str:
    """The operating system's words for a failed connect: "connection refused", "name or
    service not known"."""
    if error.errno and error.errno > 0:
        return os.strerror(error.errno).lower()
    return (error.strerror or type(error).__name__).lower()
