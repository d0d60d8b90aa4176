"""`bulkspot demo`: the embedded simulator and the samples, end to end, with nothing to set up.

An event with its fees, the merchandise of samples/inventory.csv (items with sizes and
colours), 200 generated promocodes and the hand-written ones of samples/promocodes.csv, events
published from a sheet's status column and a tree of MyLibrary folders, each imported through
the same engine, progress and summary as `bulkspot import`. Everything it
writes goes into one fresh folder.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console

import bulkspot
from bulkspot import api
from bulkspot.api_codes import PromocodeTerms, write_new_codes
from bulkspot.api_kinds import EVENT, FEE, FOLDER, ITEM, PROMOCODE
from bulkspot.api_results import result_rows
from bulkspot.cli.boundary import Failure, user_errors
from bulkspot.cli.builders import View
from bulkspot.cli.execution import make_console
from bulkspot.cli.import_cmd import run_import_job
from bulkspot.cli.options import quiet_option, rate_option
from bulkspot.cli.summary import NextSteps
from bulkspot.config import ApiSettings, Limits, RunConfig

SANDBOX_KEY, SANDBOX_TOKEN = "sandbox-key", "sandbox-token"
DEMO_RATE = 20.0
LIBRARY_STEPS = (  # step, kind, sample, what it shows
    (7, EVENT.plural, "events-published.csv", ": published by their status column"),
    (8, FOLDER.plural, "folders.csv", ": a tree, parents by path"),
)
SAMPLES = ("events.csv", "fees.csv", "inventory.csv", "promocodes.csv")


def installed_samples() -> Path | None:
    """The samples a wheel carries (bulkspot/samples/, copied from samples/ by setup.py),
    else samples/ of the source tree the package runs from (an editable install or a
    checkout); None when neither holds them."""
    try:  # a folder without __init__.py: a namespace package, whose files() is no Path
        found = Path(str(importlib.resources.files("bulkspot.samples") / SAMPLES[0])).parent
    except ModuleNotFoundError:  # an editable install: bulkspot/ of the checkout, as it is
        found = None
    checkout = Path(bulkspot.__file__).resolve().parent.parent / "samples"
    for folder in (found, checkout):
        if folder is not None and all((folder / name).is_file() for name in SAMPLES):
            return folder
    return None


def samples_folder(given: Path | None = None) -> Path:
    """The sample sheets: `given` (--samples), else those installed with bulkspot. Checked
    before the simulator starts."""
    folder = given or installed_samples()
    if folder is None:
        raise Failure(
            f"the demo's samples ({', '.join(SAMPLES)}) are not installed with bulkspot; "
            "reinstall it (`pip install bulkspot` or `pip install .` from its repository), "
            "or point --samples at a copy of its samples/ folder"
        )
    missing = [name for name in SAMPLES if not (folder / name).is_file()]
    if missing:
        raise click.BadParameter(
            f"{folder} lacks the demo's samples ({', '.join(missing)} not found); point it at "
            "a copy of the samples/ folder of bulkspot's repository",
            param_hint="--samples",
        )
    return folder


def fresh_folder(out: Path | None) -> Path:
    folder = out or Path(f"bulkspot-demo-{dt.datetime.now():%Y%m%d-%H%M%S}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise click.BadParameter(f"{folder} exists and is not an empty folder", param_hint="--out")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def first_id(results: Path) -> str:
    """The id of the first row that was done (the demo's event)."""
    with results.open(encoding="utf-8-sig", newline="") as rows:
        for row in result_rows(rows):
            if row.get("id") and row.get("status") in ("created", "exists", "updated", "unchanged"):
                return str(row["id"])
    raise Failure(f"the events import created no event (see {results})")


@dataclass
class Demo:
    """The run of the demo's steps against one simulator."""

    folder: Path
    samples: Path
    config: RunConfig
    quiet: bool
    console: Console
    exit_code: int = 0

    def step(
        self,
        number: int,
        kind: str,
        source: Path,
        event_id: str | None,
        *,
        dry_run: bool = False,
        note: str = "",
    ) -> api.RunSummary:
        name = f"{number:02d}-{kind}"
        job = api.ImportJob(
            kind=kind,
            source=source,
            event_id=event_id,
            results_path=self.folder / f"{name}.results.csv",
            journal_path=self.folder / f"{name}.journal.sqlite",
            dry_run=dry_run,
        )
        verb = "dry run of " if dry_run else ""
        title = f"{number}. {verb}{kind} from {source.name}{note}"
        if not self.quiet:  # the heading of the step's progress and summary: said once
            self.console.print()
            self.console.rule(title, align="left")
        summary = run_import_job(
            job,
            self.config,
            view=View(quiet=self.quiet),
            title=title if self.quiet else "",
            steps=lambda _s: NextSteps(),
        )
        if not dry_run:
            self.exit_code = max(self.exit_code, summary.exit_code)
        if summary.stopped:
            raise Failure(f"the demo stopped: {summary.stopped}")
        return summary

    def run(self, promocodes: int, seed: int) -> str:
        self.step(1, EVENT.plural, self.samples / "events.csv", None)
        event_id = first_id(self.folder / "01-events.results.csv")
        self.step(2, FEE.plural, self.samples / "fees.csv", event_id)
        self.step(3, ITEM.plural, self.samples / "inventory.csv", event_id)
        generated = self.folder / f"promocodes-{event_id}.csv"
        terms = PromocodeTerms(discount="10%", scope="ORDER_TOTAL", quantity=1)
        write_new_codes(generated, promocodes, terms, prefix="DEMO", seed=seed)
        self.step(4, PROMOCODE.plural, generated, event_id)
        self.step(5, PROMOCODE.plural, self.samples / "promocodes.csv", event_id)
        errors = self.samples / "inventory-with-errors.csv"
        if errors.is_file():
            note = ": how bad rows look"
            self.step(6, ITEM.plural, errors, event_id, dry_run=True, note=note)
        for number, kind, name, note in LIBRARY_STEPS:  # beyond EventSpot (issue 13)
            if (self.samples / name).is_file():
                self.step(number, kind, self.samples / name, None, note=note)
        return event_id


@click.command("demo")
@click.option(
    "--out",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write results and journals [default: ./bulkspot-demo-TIMESTAMP].",
)
@click.option(
    "--samples",
    "samples_dir",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The sample sheets [default: those installed with bulkspot].",
)
@rate_option(DEMO_RATE)
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="The simulator's answer time.",
)
@click.option(
    "--promocodes",
    "promocode_count",
    type=click.IntRange(min=1, max=5000),
    default=200,
    show_default=True,
    help="How many promocodes to generate.",
)
@click.option("--seed", type=int, default=2024, show_default=True, help="For the codes.")
@quiet_option
def demo_command(
    out: Path | None,
    samples_dir: Path | None,
    rate: float,
    latency_ms: int,
    promocode_count: int,
    seed: int,
    quiet: bool,
) -> None:
    """Run the whole tool against its built-in simulator: an event, fees, items with sizes
    and colours, generated and hand-written promocodes, events published from a sheet and a
    tree of MyLibrary folders. No credentials, no network.

    \b
    Example:
      bulkspot demo
      bulkspot demo --out /tmp/demo --rate 50
    """
    from bulkspot.simulator import SimulatorConfig, SimulatorThread

    console = make_console()
    with user_errors():
        samples = samples_folder(samples_dir)
        folder = fresh_folder(out)
        sim_config = SimulatorConfig(rate=rate, latency_ms=latency_ms, seed=seed)
        with SimulatorThread(sim_config) as sim:
            console.print(f"simulator listening on {sim.url} (at most {rate:g} requests/s)")
            config = RunConfig(
                api=ApiSettings(SANDBOX_KEY, SANDBOX_TOKEN, base_url=f"{sim.url}/v2/"),
                limits=Limits(rate=rate),
                seed=seed,
            )
            demo = Demo(folder, samples, config, quiet, console)
            event_id = demo.run(promocode_count, seed)
            stats = _stats_line(sim.stats(), rate)
    console.print()
    console.print(
        f"demo event {event_id}: results and journals in {folder}/", highlight=False, soft_wrap=True
    )
    if stats:
        console.print(stats, highlight=False, soft_wrap=True)
    click.get_current_context().exit(demo.exit_code)


def _stats_line(stats: dict[str, Any], rate: float) -> str:
    """What the simulator saw: requests, the busiest second against its limit, refusals."""
    try:
        return (
            f"the simulator answered {stats['requests']} requests, at most "
            f"{stats['max_requests_in_window']} in any one second (its limit: {rate:g}); "
            f"{stats['over_qps']} over-limit answers"
        )
    except (KeyError, TypeError):
        return ""
