"""New promocodes for an event: read the codes it has, make new ones, write them to a CSV,
and import that CSV like any promocodes sheet.

The CSV comes first, so the codes are on disk before any is sent. A batch is known by what
defines it (event, count, prefix, length, terms, seed), and so is its default CSV: the same
command run again finds that CSV (and, through it, the import's journal) and finishes it
instead of generating a second set of codes. A CSV already at the batch's path that holds
other codes or terms is refused, never overwritten. How the codes are read and imported is
handed in (the facade wires the client and the import), so this module holds only the
sequence.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.core.codes import (
    DEFAULT_LENGTH,
    GenerateError,
    PromocodeTerms,
    check_request,
    generate_codes,
)
from bulkspot.core.resources import PROMOCODE
from bulkspot.core.wording import option
from bulkspot.errors import JobUndoneError
from bulkspot.runner.checks import require_event_id
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.runner.pathargs import StrPath, make_paths
from bulkspot.sinks.storage import cannot_write
from bulkspot.sinks.undo_mark import UNDO_DONE, undo_mark

CODES_KIND = PROMOCODE.plural

ReadCodes = Callable[[str], Awaitable[Sequence[str]]]  # event id -> its code names
ImportCodes = Callable[[ImportJob], Awaitable[RunSummary]]
CodesWritten = Callable[[Path, Sequence[str]], None]  # told once the CSV is on disk


def default_csv_path(event_id: str, count: int, digest: str) -> Path:
    """promocodes-EVENT-COUNT-DIGEST.csv in the working folder: the same batch, the same
    name, so running the same command again finds it."""
    return Path(f"promocodes-{event_id}-{count}-{digest}.csv")


@dataclass(frozen=True, slots=True)
class PromocodeBatch:
    """What to generate: how many codes for which event, what they look like and grant,
    and the CSV they go to (named when the batch is made, so it can be said up front)."""

    event_id: str
    count: int
    terms: PromocodeTerms
    prefix: str = ""
    length: int = DEFAULT_LENGTH
    seed: int | None = None  # the same seed gives the same codes
    output: Path | None = None  # the CSV; default: default_csv_path(...) of the batch
    csv_path: Path = field(init=False)  # the output, or the batch's default

    if TYPE_CHECKING:  # the output taken as str or os.PathLike too (tests/runner/test_path_args.py)

        def __init__(
            self,
            event_id: str,
            count: int,
            terms: PromocodeTerms,
            prefix: str = "",
            length: int = DEFAULT_LENGTH,
            seed: int | None = None,
            output: StrPath | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        make_paths(self, optional=("output",))
        require_event_id(self.event_id)  # it names the CSV too
        default = default_csv_path(self.event_id, self.count, self.digest)
        object.__setattr__(self, "csv_path", self.output or default)

    @property
    def digest(self) -> str:
        """A short fingerprint of what defines the batch (its event is in the name)."""
        defined = {
            "count": self.count,
            "prefix": self.prefix,
            "length": self.length,
            "seed": self.seed,
            "terms": self.terms.row(""),
        }
        return hashlib.sha256(json.dumps(defined, sort_keys=True).encode()).hexdigest()[:8]

    def check(self) -> None:
        """Refuse a batch that cannot be made (TermsError, CodeSpaceError), before any I/O."""
        self.terms.check()
        check_request(self.count, self.prefix, self.length)


@dataclass(frozen=True, slots=True)
class GeneratedCodes:
    csv_path: Path
    codes: tuple[str, ...]
    checked: bool  # checked now against the event's codes (false: not read, or resumed)
    summary: RunSummary | None  # the import's; None when only the CSV was written
    resumed: bool = False  # the batch's CSV was there from an earlier call: no new codes


def write_codes(path: Path, codes: Sequence[str], terms: PromocodeTerms) -> None:
    """A promocodes sheet in the columns `bulkspot import promocodes` reads, written whole or
    not at all (a file beside it, then renamed), so a stop never leaves half a batch."""
    rows = [terms.row(code) for code in codes]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def earlier_codes(batch: PromocodeBatch) -> tuple[str, ...] | None:
    """The codes of the batch's CSV when an earlier call wrote it; None when there is none.
    A file there that is not this batch (other codes, terms or count) is refused:
    overwriting it could lose codes already on the server, and finishing it would import
    codes that were not asked for."""
    path = batch.csv_path
    if not path.exists():
        return None
    columns = list(batch.terms.row(""))
    try:
        with path.open(encoding="utf-8", newline="") as lines:
            reader = csv.DictReader(lines)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise GenerateError(
            f"{path} is there and cannot be read as generated codes "
            f"({error}); give another --output"
        ) from None
    if header != columns:
        raise GenerateError(
            f"{path} is there and is not a CSV of generated codes (its columns are not "
            f"{', '.join(columns)}); it is left as it is: give another --output"
        )
    differences = batch_differences(batch, rows)
    if differences:
        raise GenerateError(
            f"{path} holds an earlier batch made with other options ({'; '.join(differences)})"
            ": run the command that made it to finish it, or give another --output for a new "
            "batch"
        )
    return tuple(row.get("code_name") or "" for row in rows)


def batch_differences(batch: PromocodeBatch, rows: Sequence[dict[str, str]]) -> list[str]:
    """How the rows of an earlier CSV differ from what `batch` makes, in option words."""
    found: list[str] = []
    if len(rows) != batch.count:
        found.append(f"{len(rows)} codes, not --count {batch.count}")
    names = [row.get("code_name") or "" for row in rows]
    if any(not name.startswith(batch.prefix) for name in names):
        found.append(f"codes that do not start with --prefix {batch.prefix!r}")
    lengths = sorted({len(name) for name in names} - {batch.length})
    if lengths:
        shown = ", ".join(str(n) for n in lengths)
        found.append(f"codes of {shown} characters, not --length {batch.length}")
    wanted = batch.terms.row("")
    for column in list(wanted)[1:]:
        theirs = sorted({row.get(column) or "" for row in rows} - {wanted[column]})
        if theirs:
            found.append(f"{column} {', '.join(theirs)}, not {wanted[column] or '(empty)'}")
    return found


async def generate_promocodes(
    batch: PromocodeBatch,
    *,
    read_codes: ReadCodes | None,
    import_codes: ImportCodes | None,
    job: ImportJob | None = None,
    on_written: CodesWritten | None = None,
) -> GeneratedCodes:
    """Make the batch's codes, unique against the event's (when `read_codes` can read them),
    write them to its CSV, tell `on_written`, then import the CSV as `job` says (its kind,
    source and event are the batch's) unless there is no job: the CSV alone.

    When the batch's CSV is there from an earlier call, its codes are the batch: nothing is
    generated or written, and the import resumes from its journal (`resumed` says so)."""
    batch.check()
    found = earlier_codes(batch)
    if found is not None and job is not None:
        refuse_undone_batch(batch, job, len(found))
    _check_paths(batch, job, new_csv=found is None)
    if found is not None:
        codes: Sequence[str] = found
    else:
        taken = list(await read_codes(batch.event_id)) if read_codes is not None else []
        codes = generate_codes(
            batch.count,
            prefix=batch.prefix,
            length=batch.length,
            existing=taken,
            seed=batch.seed,
        )
        try:
            write_codes(batch.csv_path, codes, batch.terms)
        except OSError as error:  # named as the CSV, not the file it is written through
            raise cannot_write("the promocodes CSV", batch.csv_path, error) from None
        if on_written is not None:
            on_written(batch.csv_path, codes)
    summary = None
    if job is not None and import_codes is not None:
        codes_job = dataclasses.replace(
            job, kind=CODES_KIND, source=batch.csv_path, event_id=batch.event_id
        )
        summary = await import_codes(codes_job)
    checked = found is None and read_codes is not None
    return GeneratedCodes(batch.csv_path, tuple(codes), checked, summary, found is not None)


def refuse_undone_batch(batch: PromocodeBatch, job: ImportJob, count: int) -> None:
    """JobUndoneError when the batch's codes were imported and that run then undone: the
    same command (from a shell's history, a cron job) must not make them all again unless
    told to start over."""
    from bulkspot.runner.paths import default_paths

    if job.fresh:
        return
    codes_job = dataclasses.replace(
        job, kind=CODES_KIND, source=batch.csv_path, event_id=batch.event_id, dry_run=False
    )
    journal = default_paths(codes_job)[1]
    mark = undo_mark(journal)
    if mark is None:
        return
    held = f"{batch.csv_path} holds this batch's {count} codes from an earlier run"
    fresh = option("--fresh")
    if mark == UNDO_DONE:
        raise JobUndoneError(
            f"{held}, and `bulkspot undo` removed them (journal {journal}): nothing was sent. "
            f"To make these codes again, run the same command with {fresh}."
        )
    raise JobUndoneError(
        f"{held}, and an undo of that run did not finish (journal {journal}): nothing was "
        f"sent. To finish the undo, run `bulkspot undo --journal {journal}` again; to make "
        f"these codes again instead, run the same command with {fresh}."
    )


def _check_paths(batch: PromocodeBatch, job: ImportJob | None, *, new_csv: bool) -> None:
    """The CSV, and the import's results and journal, can be written: refused before the
    event's codes are read, not after the codes are made (StorageError)."""
    from bulkspot.runner.import_run import check_paths
    from bulkspot.sinks.storage import check_writable

    if new_csv:
        check_writable(batch.csv_path, "the promocodes CSV")
    if job is not None:
        check_paths(
            dataclasses.replace(
                job, kind=CODES_KIND, source=batch.csv_path, event_id=batch.event_id
            )
        )
