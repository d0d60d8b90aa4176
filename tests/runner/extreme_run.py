"""Run one items import of FILE on a FakeSender and print the results file's size and the
process's peak memory in MB: a subprocess, so that the figure is this run's alone."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import anyio

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.runner.job import ImportJob
from bulkspot.transport.fake import FakeSender

CONFIG = RunConfig(
    ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
    limits=Limits(rate=10_000, concurrency=2),
    retry=RetryPolicy.no_wait(max_attempts=2),
)


async def main(source: Path) -> None:
    fake = FakeSender({"eventspot/events": [{"id": "E1", "name": "Fair"}]})
    results = source.with_name("results.csv")
    job = ImportJob("items", source, event_id="E1", results_path=results)
    await import_sheet(job, CONFIG, sender=fake)
    print(results.stat().st_size, peak_mb())


def peak_mb() -> int:
    """This process's own peak resident memory. Not ru_maxrss: Linux carries that over a
    fork and exec from the parent, so a child of a big pytest process would report the
    parent's size; VmHWM belongs to the new program's memory alone."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    anyio.run(main, Path(sys.argv[1]))
