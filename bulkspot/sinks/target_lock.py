"""One target, one writer on a machine: an OS lock (flock) per account, event and kind.

A journal's lock keeps two runs off one journal, but two journals can name one target: an
undo while someone imports the same sheet with another journal, two imports of one events
sheet from two folders, two migration scripts `ensure`-ing the same event. Each takes
resources the other is making, or makes them twice. So a run also locks what it writes
into: the account (a hash of the API's address and the credentials, never in clear), the
event (for events themselves, and for kinds outside events, the account), and the kind.

The lock files live in the user's cache folder (sinks/cache_folder.py), named by a hash of
the target, and are taken and dropped like a journal's (sinks/lock.py): flock, so a run
killed with -9 leaves nothing that blocks; each holds its owner (pid, host, start, which
job and journal), so a refused run names the one that holds it. A job that needs several
targets takes them all or none: it never waits for one, and lets go of those it took when
one is refused, so two jobs never wait for each other in a circle. It tries them in the
order given, its own kind first, so a refusal names what the two jobs are mostly about.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bulkspot.core.resources import spec_for
from bulkspot.sinks.cache_folder import cache_folder, hashed, unwritable
from bulkspot.sinks.lock import IMPORT, UNDO, describe_owner, hold, let_go, read_owner

LOCKS = "locks"
# who holds a target, as its owner record says ("by" and "journal"; IMPORT, UNDO: lock.py)
ENSURE = "Client.ensure"
_ME = f"{os.getpid()} {uuid.uuid4().hex}"  # this process, as a target's latest taker


def _another_me() -> None:
    """A forked child is another taker: it did not see what its parent made since."""
    global _ME
    _ME = f"{os.getpid()} {uuid.uuid4().hex}"


os.register_at_fork(after_in_child=_another_me)


def origin_of(base_url: str) -> str:
    """scheme://host:port of an API's address (the port written out), lower case."""
    parts = urlsplit(base_url.strip())
    scheme = (parts.scheme or "https").lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def account_of(base_url: str, api_key: str, token: str) -> str:
    """Who the account is, as a hash: the API's address and the credentials that reach it."""
    path = urlsplit(base_url.strip()).path.rstrip("/")
    return hashed("account", origin_of(base_url) + path, api_key, token)


@dataclass(frozen=True, order=True, slots=True)
class Target:
    """What a run writes into: one kind in one event (or, `event` "", in the account)."""

    account: str
    event: str
    kind: str  # singular

    @classmethod
    def of(cls, account: str, kind: str, event_id: str | None) -> Target:
        """The kind's target: in `event_id` when the kind lives under an event (fees,
        items, their attributes, promocodes); else the account's (events, folders...)."""
        spec = spec_for(kind)
        in_event = spec.path_ids[:1] == ("event_id",)
        return cls(account, (event_id or "") if in_event else "", spec.kind)

    def described(self) -> str:
        plural = spec_for(self.kind).plural
        if self.event:
            return f"the {plural} of event {self.event} in this account"
        return f"the {plural} of this account"

    def path(self, folder: Path) -> Path:
        return folder / f"{hashed('target', self.account, self.event, self.kind)}.lock"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A target another run holds, and that run as its lock file names it."""

    target: Target
    owner: dict[str, str]

    def message(self, then: str) -> str:
        """The whole refusal; `then`: what to do once the other run has ended."""
        return (
            f"another run on this machine is writing {self.target.described()} "
            f"({describe_owner(self.owner)}{_job(self.owner)}); wait for it to end, then {then}"
        )


def _job(owner: Mapping[str, str]) -> str:
    by, journal = owner.get("by", ""), owner.get("journal", "")
    if by == IMPORT and journal:
        return f", an import with the journal {journal}"
    if by == UNDO and journal:
        return f", an undo of the journal {journal}"
    if by == ENSURE:
        return ", a script's Client.ensure"
    return ""


class TargetLocks:
    """The locks of a job's targets, held until `release` (or the process ends).

    `others_since`: whether another process took one of them since this process last did
    (its `.last` file names the latest taker): only then can something have been written
    there that this process has not seen, so only then must a look-up read afresh."""

    def __init__(self, held: list[tuple[int, Path]], others_since: bool = True) -> None:
        self._held = held
        self.others_since = others_since

    @classmethod
    def try_take(
        cls, targets: Iterable[Target], by: str, journal: Path | None = None
    ) -> TargetLocks | Refusal:
        """Every target's lock now, in the order given; or, when one is held by another run,
        none of them and who holds it. StorageError when the folder cannot be written."""
        folder = cache_folder(LOCKS)
        about = {"by": by, "journal": str(journal.absolute()) if journal else ""}
        held: list[tuple[int, Path]] = []
        others_since = False
        try:
            for target in dict.fromkeys(targets):
                path = target.path(folder)
                fd = hold(path, about)
                if fd is None:
                    owner = read_owner(path)
                    cls(held).release()
                    return Refusal(target, owner)
                held.append((fd, path))
                others_since |= _another_took(path.with_suffix(".last"))
        except OSError as error:
            cls(held).release()
            raise unwritable(folder, error) from None
        except BaseException:
            cls(held).release()
            raise
        return cls(held, others_since)

    def release(self) -> None:
        held, self._held = self._held, []
        for fd, path in reversed(held):
            let_go(fd, path)


def _another_took(last: Path) -> bool:
    """Whether another process took the target since this one last did (or nobody is
    known to have: a first hold reads anyway), and this process as its latest taker. The
    file is written while the target's lock is held, so no two writers race on it; a
    process killed while holding it is still named there, so its writes are never missed."""
    try:
        before = last.read_text(encoding="utf-8")
    except OSError:
        before = ""
    with contextlib.suppress(OSError):
        last.write_text(_ME, encoding="utf-8")
    return before != _ME
