"""New promocodes for an event: read the codes it has, make new ones, write them to a CSV,
and import that CSV like any promocodes sheet.

The CSV comes first, so the codes are on disk before any is sent: an import that stops is
resumed by importing the same CSV again, never by generating other codes. How the codes are
read and imported is handed in (the facade wires the client and the import), so this module
holds only the sequence.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulkspot.core.codes import DEFAULT_LENGTH, PromocodeTerms, check_request, generate_codes
from bulkspot.runner.job import ImportJob, RunSummary

CODES_KIND = "promocodes"

ReadCodes = Callable[[str], Awaitable[Sequence[str]]]  # event id -> its code names
ImportCodes = Callable[[ImportJob], Awaitable[RunSummary]]
CodesWritten = Callable[[Path, Sequence[str]], None]  # told once the CSV is on disk


def default_csv_path(event_id: str, now: dt.datetime | None = None) -> Path:
    """promocodes-EVENT-TIMESTAMP.csv in the working folder: a new name for every batch."""
    return Path(f"promocodes-{event_id}-{(now or dt.datetime.now()):%Y%m%d-%H%M%S}.csv")


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
    output: Path | None = None  # the CSV; default: default_csv_path(event_id)
    csv_path: Path = field(init=False)  # the output, or the default named now

    def __post_init__(self) -> None:
        object.__setattr__(self, "csv_path", self.output or default_csv_path(self.event_id))

    def check(self) -> None:
        """Refuse a batch that cannot be made (TermsError, CodeSpaceError), before any I/O."""
        self.terms.check()
        check_request(self.count, self.prefix, self.length)


@dataclass(frozen=True, slots=True)
class GeneratedCodes:
    csv_path: Path
    codes: tuple[str, ...]
    checked: bool  # against the event's existing codes (false: no way to read them)
    summary: RunSummary | None  # the import's; None when only the CSV was written


def write_codes(path: Path, codes: Sequence[str], terms: PromocodeTerms) -> None:
    """A promocodes sheet in the columns `bulkspot import promocodes` reads."""
    rows = [terms.row(code) for code in codes]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


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
    source and event are the batch's) unless there is no job: the CSV alone."""
    batch.check()
    taken = list(await read_codes(batch.event_id)) if read_codes is not None else []
    codes = generate_codes(
        batch.count, prefix=batch.prefix, length=batch.length, existing=taken, seed=batch.seed
    )
    write_codes(batch.csv_path, codes, batch.terms)
    if on_written is not None:
        on_written(batch.csv_path, codes)
    summary = None
    if job is not None and import_codes is not None:
        codes_job = dataclasses.replace(
            job, kind=CODES_KIND, source=batch.csv_path, event_id=batch.event_id
        )
        summary = await import_codes(codes_job)
    return GeneratedCodes(batch.csv_path, tuple(codes), read_codes is not None, summary)
