"""Which error an error answer is: its status, and for a 403 the gateway's key (in the body's
error array or in the X-Mashery-Error-Code header), so the retry loop can tell "slow down"
(over the per-second limit) from "stop" (the daily quota, an inactive key) from "no
permission". The classes themselves are drawn in bulkspot/errors.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from bulkspot.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    ForbiddenError,
    InactiveKeyError,
    NotFoundError,
    OverQpsError,
    OverQuotaError,
    ServerError,
    TooManyRequestsError,
)

OVER_QPS_KEY = "mashery.not.authorized.over.qps"
OVER_QUOTA_KEY = "mashery.not.authorized.over.ratelimit"
INACTIVE_KEY = "mashery.not.authorized.inactive"


_FORBIDDEN_BY_KEY: Mapping[str, type[ForbiddenError]] = {
    OVER_QPS_KEY: OverQpsError,
    OVER_QUOTA_KEY: OverQuotaError,
    INACTIVE_KEY: InactiveKeyError,
}
_BY_STATUS: Mapping[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: TooManyRequestsError,
}
_MASHERY_HEADER_KEYS: Mapping[str, str] = {
    "ERR_403_DEVELOPER_OVER_QPS": OVER_QPS_KEY,
    "ERR_403_DEVELOPER_OVER_RATE": OVER_QUOTA_KEY,
    "ERR_403_DEVELOPER_INACTIVE": INACTIVE_KEY,
}


def parse_error_details(body: object) -> tuple[ErrorDetail, ...]:
    """Read the API's error array; tolerate a single object or anything else."""
    entries = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    details = []
    for entry in entries:
        if isinstance(entry, dict):
            details.append(
                ErrorDetail(str(entry.get("error_key", "")), str(entry.get("error_message", "")))
            )
    return tuple(details)


def error_for_status(
    status: int,
    body: object,
    *,
    method: str = "",
    path: str = "",
    retry_after: float | None = None,
    mashery_code: str | None = None,
) -> ApiError:
    """The error class for an answer: the status, and for 403 the gateway's error key."""
    details = parse_error_details(body)
    cls: type[ApiError]
    if status >= 500:
        cls = ServerError
    elif status == 403:
        keys = [d.key for d in details]
        if mashery_code and mashery_code in _MASHERY_HEADER_KEYS:
            keys.append(_MASHERY_HEADER_KEYS[mashery_code])
        cls = next((_FORBIDDEN_BY_KEY[k] for k in keys if k in _FORBIDDEN_BY_KEY), ForbiddenError)
    else:
        cls = _BY_STATUS.get(status, ApiError)
    return cls(status, details, method=method, path=path, retry_after=retry_after)
