"""Content negotiation and request bodies: 406, 415, 413 and the 400 for a body that is not
JSON (or not an object; an array for PATCH).

The 406's and 415's words are each page's own, exactly: the item attribute POST page
(seed-000) says "use application/json", the event PUT page (seed-002) "must be
application/json"; pages not captured take the first. The 413 is a guess
(guesses.BODY_SIZE): no page gives a size.
"""

from __future__ import annotations

import orjson
from aiohttp import web

from bulkspot.simulator.guesses import BODY_SIZE
from bulkspot.simulator.problems import (
    BAD_REQUEST,
    NOT_ACCEPTABLE,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    ApiError,
)

MAX_BODY = 1024 * 1024  # "over 1 MB" is refused: 1 MiB is the last size accepted
UNSUPPORTED_USE = "Unsupported content-type in the header, use application/json"
UNSUPPORTED_MUST = "Unsupported content-type in the header, must be application/json"
# (route shape, method) -> the 415's words on that page (the event PUT's)
_UNSUPPORTED_WORDS: dict[tuple[tuple[str, ...], str], str] = {(("*",), "PUT"): UNSUPPORTED_MUST}
_ACCEPTS: dict[str, bool] = {}
_JSON_TYPES: dict[str, bool] = {}


def accepts_json(accept: str) -> bool:
    """Whether an Accept header admits application/json (an empty header admits anything)."""
    known = _ACCEPTS.get(accept)
    if known is None:
        known = _admits_json(accept)
        if len(_ACCEPTS) < 512:
            _ACCEPTS[accept] = known
    return known


def _admits_json(accept: str) -> bool:
    if not accept.strip():
        return True
    for media_range in accept.split(","):
        kind, *params = (part.strip().lower() for part in media_range.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (
            kind in ("application/json", "application/*", "*/*") or kind.endswith("+json")
        ):
            return True
    return False


def is_json_type(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (`application/json`, any parameters, or `+json`)."""
    if content_type is None:
        return False
    known = _JSON_TYPES.get(content_type)
    if known is None:
        mime = content_type.split(";", 1)[0].strip().lower()
        known = mime == "application/json" or (
            mime.startswith("application/") and mime.endswith("+json")
        )
        if len(_JSON_TYPES) < 512:
            _JSON_TYPES[content_type] = known
    return known


async def read_json(
    request: web.BaseRequest, shape: tuple[str, ...], method: str, guesses: bool = True
) -> object:
    """The request's JSON body: an object (an array for PATCH), else an ApiError."""
    if not is_json_type(request.headers.get("Content-Type")):
        message = _UNSUPPORTED_WORDS.get((shape, method), UNSUPPORTED_USE)
        raise ApiError.one(415, UNSUPPORTED_MEDIA, message)
    raw = await _read(request, guesses)
    want_list = method == "PATCH"
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError.one(
            400, BAD_REQUEST, f"Bad request: the body is not JSON ({exc})."
        ) from None
    if want_list and not isinstance(body, list):
        raise ApiError.one(400, BAD_REQUEST, "Bad request: the body must be a JSON array.")
    if not want_list and not isinstance(body, dict):
        raise ApiError.one(400, BAD_REQUEST, "Bad request: the body must be a JSON object.")
    return body


async def _read(request: web.BaseRequest, guesses: bool) -> bytes:
    """The whole body; over MAX_BODY a 413 while the guesses (guesses.BODY_SIZE) are on."""
    if not guesses:  # past aiohttp's own size check: the stream as it comes
        return await request.content.read()
    length = request.content_length
    if length is not None and length > MAX_BODY:
        raise _too_large()
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise _too_large() from None


def _too_large() -> ApiError:
    return ApiError.one(413, TOO_LARGE, f"The request body is over {MAX_BODY} bytes.", BODY_SIZE)


def not_acceptable() -> ApiError:
    message = "Unsupported accept header value, must be application/json"  # seed-000's words
    return ApiError.one(406, NOT_ACCEPTABLE, message)
