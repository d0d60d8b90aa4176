"""Where an import job keeps its files when not told: beside the input, named after it.

The names keep the input's own name, extension included (`inventory.xlsx.items.results.csv`),
so inventory.csv and inventory.xlsx never share a journal. A journal kept under the name
earlier versions gave (`inventory.items.journal.sqlite`) is still found by a rerun when it
can only be this input's: no other sheet of that stem lies beside it, or it records this
very sheet.
"""

from __future__ import annotations

from pathlib import Path

from bulkspot.runner.job import ImportJob
from bulkspot.sinks.claims import RunFile
from bulkspot.sinks.journal_file import recorded_meta

JOURNAL_SUFFIX = ".journal.sqlite"
SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".jsonl", ".ndjson", ".json")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _base(job: ImportJob, source_name: str) -> str:
    """`<folder>/<name>.<kind>[.<event>]`: the event said once (promocodes-<event>.csv)."""
    named = job.event_id and job.event_id in source_name
    tag = f".{job.event_id}" if job.event_id and not named else ""
    return str(job.source.with_name(f"{source_name}.{job.kind}{tag}"))


def default_paths(job: ImportJob) -> tuple[Path, Path]:
    """Results and journal beside the input: the same command finds the same journal. A dry
    run's results have a name of their own, so a look before a rerun never overwrites what
    the real run wrote."""
    base = _base(job, job.source.name)
    planned = ".dry-run" if job.dry_run else ""
    results = job.results_path or Path(f"{base}{planned}.results.csv")
    journal = job.journal_path or Path(f"{base}{JOURNAL_SUFFIX}")
    return results, journal


def legacy_journal(job: ImportJob) -> Path:
    """The name an earlier version gave the journal: the input's stem, no extension."""
    return Path(f"{_base(job, job.source.stem)}{JOURNAL_SUFFIX}")


def journal_path(job: ImportJob, fingerprint: str) -> Path:
    """The job's journal: `--journal`, else the default name, else (upgrade) a journal an
    earlier version kept for this input under the old name."""
    chosen = default_paths(job)[1]
    if job.journal_path is not None or chosen.exists() or job.fresh:
        return chosen
    old = legacy_journal(job)
    if old == chosen or not old.is_file():
        return chosen
    siblings = [
        p
        for p in job.source.parent.glob(f"{job.source.stem}.*")
        if p.suffix.lower() in SHEET_SUFFIXES and p.name != job.source.name
    ]
    if not siblings or _recorded_input(old) == fingerprint:
        return old
    return chosen


def _recorded_input(journal: Path) -> str | None:
    """The fingerprint of the sheet a journal was kept for (read-only; None if unreadable)."""
    return recorded_meta(journal, "input")


def errors_path(job: ImportJob, results: Path) -> Path:
    """The invalid and failed rows, in the input's own columns, beside the results: JSON
    Lines for a JSON Lines input, CSV otherwise (an XLSX sheet's rows too: a CSV imports
    the same way)."""
    suffix = ".jsonl" if job.source.suffix.lower() in JSONL_SUFFIXES else ".csv"
    name = results.name
    for ending in (".results.csv", ".results.jsonl", ".results.ndjson"):
        if name.lower().endswith(ending):
            return results.with_name(name[: -len(ending)] + ".errors" + suffix)
    return results.with_name(f"{results.stem}.errors{suffix}")


def run_files(job: ImportJob, journal: Path | None = None) -> list[RunFile]:
    """Every file the job writes, its journal first (`journal`: the one found, if not the
    default name); a dry run keeps no journal and writes no errors file."""
    results, default_journal = default_paths(job)
    files = [RunFile("--results" if job.results_path else "", "results file", results)]
    if not job.dry_run:
        journal_flag = "--journal" if job.journal_path else ""
        files.insert(0, RunFile(journal_flag, "journal", journal or default_journal, journal=True))
        files.append(
            RunFile(
                "",
                "errors file",
                errors_path(job, results),
                "choose another results file (the errors file is named after it)",
            )
        )
    if job.log_path is not None:
        files.append(RunFile("--log", "log file", job.log_path))
    return files
