"""A request's address as data: path segments and a query, never text joined into a URL.

Core builds an `ApiPath` from a spec's template and the ids (pure); the sender alone
(transport/aiohttp_sender.py) joins one to the base URL with its query and the api key.
Every segment is percent-encoded whole, so a `/`, `?`, `#`, `%` or `..` in an id stays
inside its segment: no id can change which resource a request reaches, nor cut the api key
off the query. A `NextLink` is the one address that comes from the server (a paged answer's
`next_link`): it is kept apart, and `follow` turns it into an `ApiPath` only when it stays on
the base URL's origin, under its path, on the collection whose page gave it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

_DOTS = {".": "%2E", "..": "%2E%2E"}  # quote() keeps dots, and a URL parser would climb them


@lru_cache(maxsize=8192)  # a run repeats its few words and ids in every request
def encode_segment(segment: str) -> str:
    """One path segment, percent-encoded whole (UTF-8): nothing in it reads as URL syntax."""
    return _DOTS.get(segment) or quote(segment, safe="")


@dataclass(frozen=True, slots=True)
class ApiPath:
    """A path relative to the API's base URL, as segments, and its query parameters."""

    segments: tuple[str, ...]
    query: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, *segments: str) -> ApiPath:
        return cls(tuple(segments))

    def with_query(self, **params: str | int) -> ApiPath:
        added = tuple((name, str(value)) for name, value in params.items())
        return ApiPath(self.segments, self.query + added)

    @property
    def encoded(self) -> str:
        """The path, each segment percent-encoded, relative to the base (no query)."""
        return "/".join(encode_segment(s) for s in self.segments)

    def __str__(self) -> str:
        """What messages and events show: the path, never the query."""
        return self.encoded


@dataclass(frozen=True, slots=True)
class NextLink:
    """A paged answer's `next_link`, as the server wrote it (`/v2/contacts?next=...`), and
    the segments of the collection whose page it came from (empty: not known)."""

    text: str
    collection: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text.split("?", 1)[0].split("#", 1)[0]


Address = ApiPath | NextLink


def next_link(body: object, page: Address | None = None) -> NextLink | None:
    """The next page's link of a paged answer (`meta.pagination.next_link`), of the
    collection `page` read; None after the last page, or for an answer that is not a page."""
    if not isinstance(body, Mapping):
        return None
    meta = body.get("meta")
    pagination = meta.get("pagination") if isinstance(meta, Mapping) else None
    link = pagination.get("next_link") if isinstance(pagination, Mapping) else None
    if not isinstance(link, str) or not link:
        return None
    collection = page.segments if isinstance(page, ApiPath) else page.collection if page else ()
    return NextLink(link, collection)


class ForeignLink(ValueError):
    """A next_link that leaves the API's base URL: never followed (the api key would go)."""


def follow(link: NextLink, base_url: str) -> ApiPath:
    """The `ApiPath` a next_link names under `base_url` (which ends in `/`); ForeignLink when
    it names another origin or a path outside the base, climbs with `..`, or leaves the
    collection it pages through (when known). Its query is kept but for any api key, which
    the sender adds itself."""
    refused = ForeignLink(f"the API sent a next_link outside {base_url}: {str(link)!r}")
    base = urlsplit(base_url)
    try:
        target = urlsplit(urljoin(base_url, link.text))
        same_origin = (
            target.scheme.lower() == base.scheme.lower()
            and (target.hostname or "") == (base.hostname or "")
            and _port(target.scheme, target.port) == _port(base.scheme, base.port)
            and not target.username
            and not target.password
        )
    except ValueError:  # a port that is not a number
        raise refused from None
    if not same_origin or not target.path.startswith(base.path) or target.fragment:
        raise refused
    segments = tuple(unquote(s) for s in target.path[len(base.path) :].split("/"))
    if any(s in ("", ".", "..") for s in segments):
        raise refused
    if link.collection and segments != link.collection:  # as the SDKs: only `next` is taken
        raise ForeignLink(
            f"the API sent a next_link outside {ApiPath(link.collection)}, the collection it "
            f"was reading: {str(link)!r}"
        )
    query = tuple(
        (name, value)
        for name, value in parse_qsl(target.query, keep_blank_values=True)
        if name.lower() != "api_key"
    )
    return ApiPath(segments, query)


def _port(scheme: str, port: int | None) -> int:
    return port if port is not None else (443 if scheme.lower() == "https" else 80)
