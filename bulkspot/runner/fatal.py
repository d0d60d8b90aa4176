"""The answers that stop a run: every error whose `fatal` flag is set (errors.py says which),
said in the words of its nearest kind. Any further request would be refused the same way
(a bad token, the daily quota, an unknown key), so the run stops rather than failing every
remaining row one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bulkspot.config import SecretsGiven
from bulkspot.core.wording import again
from bulkspot.errors import (
    AuthenticationError,
    InactiveKeyError,
    OverQuotaError,
    StopRun,
    TransferError,
)


def fatal_stop(error: TransferError, given: SecretsGiven | None = None) -> StopRun | None:
    """The StopRun for an answer that makes every further request pointless: any error
    whose `fatal` flag is set (errors.py says which), in the words of its nearest kind.
    `given`: where the refused key and token were given, named in the hint to fix them."""
    if not error.fatal:
        return None
    for kind in type(error).__mro__:
        if kind in _FATAL_WORDS:
            reason, resume_hint = _FATAL_WORDS[kind]
            return StopRun(reason, resume_hint=resume_hint(given or SecretsGiven()))
    return StopRun(
        f"the API refused every further request: {error}",
        resume_hint=f"fix what it says, then {again()}",
    )


_FATAL_WORDS: dict[type[TransferError], tuple[str, Callable[[SecretsGiven], str]]] = {
    AuthenticationError: (
        "the API refused the access token (401)",
        lambda given: f"fix {given.token_place()}, then {again()}",
    ),
    OverQuotaError: (
        "the daily request quota of this api key is used up",
        lambda _given: (
            f"the quota resets at 00:00 UTC (in {_until_utc_midnight()}); {again()} then"
        ),
    ),
    InactiveKeyError: (
        "the API does not know this api key, or it is inactive (403)",
        lambda given: f"fix {given.api_key_place()}, then {again()}",
    ),
}


def _until_utc_midnight() -> str:
    seconds = 86_400 - int(time.time()) % 86_400
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
