"""Every error bulkspot raises, under one root.

    BulkspotError
    ├── ConfigError            bad settings or command-line usage
    │   ├── GenerateError      core/codes.py: promocodes that cannot be made as asked
    │   │   ├── CodeSpaceError     too short, too long, or fewer codes possible than asked
    │   │   └── TermsError         discount or access terms that contradict each other
    │   └── UsageError         a library call given what it cannot take (ids, a body); a ValueError
    │       └── UnknownKindError   a kind the registry does not know; a KeyError too
    ├── InputError             a sheet that cannot be read at all (not a bad row: rows get RowError)
    │   ├── ColumnError        core/mapping.py: the sheet's columns do not fit its kind
    │   └── MappingFileError   core/header_hints.py: a --map @FILE that cannot be read
    ├── JournalError           a journal that belongs to another input, or is damaged
    │   ├── JournalBusyError   another run holds the journal's lock
    │   └── JobUndoneError     the journal's run was undone: a rerun would make it again
    ├── StopRun                the run must stop now (fatal answer, Ctrl-C); rows left are pending
    ├── StorageError           a file the run writes cannot be written (full disk, read-only)
    ├── TargetBusyError        another run on this machine writes into the same target
    └── TransferError          one request did not succeed
        ├── ApiError           the API answered with an error status
        │   ├── BadRequestError        400
        │   ├── AuthenticationError    401                      fatal
        │   ├── ForbiddenError         403 without a known gateway key: no permission
        │   │   ├── OverQpsError       403 mashery.not.authorized.over.qps        transient
        │   │   ├── OverQuotaError     403 mashery.not.authorized.over.ratelimit  fatal
        │   │   └── InactiveKeyError   403 mashery.not.authorized.inactive        fatal
        │   ├── NotFoundError          404
        │   ├── ConflictError          409 (a natural key already in use)
        │   ├── TooManyRequestsError   429                      transient
        │   └── ServerError            5xx                      transient, outcome unknown
        ├── GarbledAnswerError a 2xx whose body is not the resource  transient, outcome unknown
        └── NetworkError       no HTTP answer                   transient
            ├── ConnectError   the request never left (refused, DNS)
            └── RequestTimeout no answer in time; it may have reached the server

Every error a person can cause (an option, a sheet, a journal, the API's answer) is one of
these, so the command line prints it as one line and exits 2; anything else is a bug. A
subclass may live beside the code that raises it (the module is named above), and
tests/test_error_tree.py holds this drawing against the classes. Not drawn: the
simulator's own errors (it shares nothing with the client side) and the runner's private
control-flow signals, which never reach a caller.

Messages carry the method and the path of the request, never its query string: the api key
travels there, and the token travels in a header that no error ever copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class BulkspotError(Exception):
    """The root: `except BulkspotError` catches everything bulkspot means to raise."""


class ConfigError(BulkspotError):
    """A setting or an option is wrong; the message says which and why."""


class UsageError(ConfigError, ValueError):
    """A library call was given what it cannot take: ids without the ones the kind needs,
    a body without its natural key. A ValueError too, as such mistakes are in Python."""


class UnknownKindError(UsageError, KeyError):
    """A kind the registry does not know; the message names the known ones and the closest.
    A KeyError too, as the lookup of a name is."""

    def __str__(self) -> str:  # KeyError's would quote the message
        return str(self.args[0]) if self.args else ""


class InputError(BulkspotError):
    """A whole input file cannot be read (missing, binary, no header, unknown format)."""


class JournalError(BulkspotError):
    """The journal cannot be used for this run (another input, another kind, damaged)."""


class JournalBusyError(JournalError):
    """Another run holds the journal's lock: two runs on one journal would send rows twice."""


class TargetBusyError(BulkspotError):
    """Another run on this machine writes into the same account's event (or its events),
    the same kind: an import and an undo of it, or two imports from two journals, at once
    would take or double each other's rows (sinks/target_lock.py)."""


class JobUndoneError(JournalError):
    """`bulkspot undo` removed what the journal's run made (or began to): running the job
    again would make it all again, so it is refused unless told to start over (--fresh)."""


class StorageError(BulkspotError):
    """A file the run writes (journal, results, a generated CSV) cannot be written: the
    message names the file and the cause (a full disk, a read-only folder, a folder gone)."""


class StopRun(BulkspotError):
    """Stop the run: finish or reconcile what is in flight, leave the rest pending."""

    def __init__(self, reason: str, *, resume_hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.resume_hint = resume_hint


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One `{"error_key", "error_message"}` entry of an API error body."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class TransferError(BulkspotError):
    """One request failed. `transient` says whether sending it again may succeed;
    `outcome_unknown` says whether the server may have acted on it anyway."""

    transient: bool = False
    fatal: bool = False

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        super().__init__(message)
        self.method = method
        self.path = path

    @property
    def outcome_unknown(self) -> bool:
        return False

    @property
    def where(self) -> str:
        return f"{self.method} {self.path}".strip()


class ApiError(TransferError):
    """The API answered with an error status and (usually) a JSON array of errors."""

    def __init__(
        self,
        status: int,
        details: Iterable[ErrorDetail] = (),
        *,
        method: str = "",
        path: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.details = tuple(details)
        self.retry_after = retry_after
        text = "; ".join(str(d) for d in self.details) or f"HTTP {status}"
        where = f"{method} {path}".strip()
        super().__init__(
            f"HTTP {status} from {where}: {text}" if where else f"HTTP {status}: {text}",
            method=method,
            path=path,
        )

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(d.key for d in self.details)

    @property
    def summary(self) -> str:
        """The API's own words, for a results file."""
        return "; ".join(str(d) for d in self.details) or f"HTTP {self.status}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, details={list(self.details)!r}, "
            f"method={self.method!r}, path={self.path!r}, retry_after={self.retry_after!r})"
        )


class BadRequestError(ApiError):
    """400: the body was malformed or failed the API's validation."""


class AuthenticationError(ApiError):
    """401: the access token is missing, wrong or expired."""

    fatal = True


class ForbiddenError(ApiError):
    """403 without a gateway key: the token lacks the privilege."""

    # The privilege the refused call needs (None: unknown), named by the runner's requester.
    privilege: str | None = None

    @property
    def summary(self) -> str:
        """The API's words, and which privilege the access token lacks when the rules know."""
        words = super().summary
        needed = self.privilege if type(self) is ForbiddenError else None
        if needed is None:
            return words
        return (
            f"the access token lacks the {needed} privilege that {self.method} "
            f"{self.path.split('?', 1)[0]} needs: grant it to the app, then run again "
            f"({words})"
        )


class OverQpsError(ForbiddenError):
    """403 over the per-second limit: slow down and send again."""

    transient = True


class OverQuotaError(ForbiddenError):
    """403 over the daily quota: nothing succeeds until the quota resets."""

    fatal = True


class InactiveKeyError(ForbiddenError):
    """403 for an unknown or inactive api key."""

    fatal = True


class NotFoundError(ApiError):
    """404: the resource or one of its parents does not exist."""


class ConflictError(ApiError):
    """409: the natural key (name, label, code_name) is already in use."""


class TooManyRequestsError(ApiError):
    """429: a throttle in front of the API; nothing was done."""

    transient = True


class ServerError(ApiError):
    """5xx: the server failed, possibly after it made the change."""

    transient = True

    @property
    def outcome_unknown(self) -> bool:
        return True


class GarbledAnswerError(TransferError):
    """A 2xx whose body is not the resource (not JSON, cut short, an HTML page, no id): the
    server may well have done the work, so it is an answer lost in another way. A create is
    looked up by its natural key before it is sent again; a PUT is read back and compared."""

    transient = True

    def __init__(self, status: int, why: str, *, method: str = "", path: str = "") -> None:
        where = f"{method} {path}".strip()
        super().__init__(
            f"HTTP {status} from {where} without the resource in its body: {why}",
            method=method,
            path=path,
        )
        self.status = status
        self.why = why

    @property
    def outcome_unknown(self) -> bool:
        return True


class NetworkError(TransferError):
    """No HTTP answer at all."""

    transient = True

    def __init__(
        self, message: str, *, method: str = "", path: str = "", may_have_reached: bool = True
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.may_have_reached = may_have_reached

    @property
    def outcome_unknown(self) -> bool:
        return self.may_have_reached


class ConnectError(NetworkError):
    """The connection could not be made: the request never reached the server."""

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        super().__init__(message, method=method, path=path, may_have_reached=False)


class RequestTimeout(NetworkError):
    """No complete answer in time: the server may have acted on the request."""
