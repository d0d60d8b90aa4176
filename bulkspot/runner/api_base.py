"""A base URL that may not be the API's, checked before any row of a kind that lives in no
event (events, lists, folders, files, campaigns and their schedules), and said when an
export stops on a 404.

Under an event, the run's first read (checks.py) already says a 404 may be the base URL's.
A kind outside any event had no read first, so with `BULKSPOT_BASE_URL` missing its `/v2/`
every row failed on its own 404 ("No resource at /eventspot/events"). Only a base URL that
does not end in /v2/ costs this one read (the first page of the kind's top collection): a
404 there stops the run before any row, with the hint; any other answer lets it go on.
"""

from __future__ import annotations

from bulkspot.core.resources import spec_for
from bulkspot.core.wording import option
from bulkspot.errors import BulkspotError, ConfigError, NotFoundError, StopRun, TransferError
from bulkspot.runner.checks import base_url_hint
from bulkspot.runner.retry import Requester

_CHECK = f"check {option('--base-url')} (or BULKSPOT_BASE_URL)"


async def check_api_base(kind: str, requester: Requester, base_url: str, *, dry_run: bool) -> None:
    """ConfigError when a base URL that does not end in /v2/ has no collection for `kind`."""
    hint = base_url_hint(base_url)
    if not hint:
        return
    top = spec_for(kind)
    while top.parent is not None:
        top = spec_for(top.parent)
    path = top.collection_url({})
    try:
        await requester.send("GET", path)
    except NotFoundError:
        raise ConfigError(f"{base_url} answers 404 for {path}{hint}: {_CHECK}") from None
    except StopRun:
        if not dry_run:
            raise
    except TransferError:
        pass


def not_the_api(missing: NotFoundError, base_url: str) -> BulkspotError:
    """A 404 a run stops on (an export's read), with the hint when the base URL may be why."""
    hint = base_url_hint(base_url)
    return ConfigError(f"{missing}{hint}: {_CHECK}") if hint else missing
