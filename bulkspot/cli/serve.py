"""`bulkspot serve`: run the local EventSpot API simulator until SIGINT or SIGTERM.

The command only turns options into a `SimulatorConfig` and runs a `Simulator`; it prints
`listening on http://HOST:PORT` (flushed, the real port when `--port 0`) once the socket is
bound, and on a signal stops serving, saves the state and exits 0. What stops it from serving
(a busy port, a damaged state file) exits 2, like every command's usage errors.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import click

from bulkspot.cli.boundary import Failure
from bulkspot.simulator import (
    DEFAULT_API_KEY,
    DEFAULT_TOKEN,
    Account,
    ConfigError,
    Simulator,
    SimulatorConfig,
    StateError,
)

_RATE = click.FloatRange(min=0.0, max=1.0)
MAX_GENERATED = 10_000  # accounts --accounts makes


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on; 0 picks a free one (the line printed says which).",
)
@click.option(
    "--api-key",
    metavar="KEY",
    default=DEFAULT_API_KEY,
    show_default=True,
    help="The api_key it accepts (others: 403 mashery.not.authorized.inactive).",
)
@click.option(
    "--token",
    metavar="TOKEN",
    default=DEFAULT_TOKEN,
    show_default=True,
    help="The Bearer token it accepts (others: 401).",
)
@click.option(
    "--account",
    "account_specs",
    metavar="KEY:TOKEN",
    multiple=True,
    help="Serve a further account: api key KEY opens it with token TOKEN, its data, rate "
    "window and daily quota its own (repeatable).",
)
@click.option(
    "--accounts",
    "generated",
    metavar="N",
    type=click.IntRange(0, MAX_GENERATED),
    default=0,
    help="Serve N further accounts: api keys sandbox-key-1..N, tokens sandbox-token-1..N.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0.0),
    default=4.0,
    show_default=True,
    help="Requests per sliding second per api key before 403 over-qps; 0: no limit.",
)
@click.option(
    "--daily-quota",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="Requests per UTC day before 403 over-ratelimit (until 00:00 UTC); 0: no limit.",
)
@click.option(
    "--fail-rate",
    metavar="P",
    type=_RATE,
    default=0.0,
    show_default=True,
    help="Share of requests answered 500 without any change.",
)
@click.option(
    "--ambiguous-rate",
    metavar="P",
    type=_RATE,
    default=0.0,
    show_default=True,
    help="Share of writes made but answered 500 or with a dropped connection.",
)
@click.option(
    "--latency-ms",
    metavar="MS",
    type=click.FloatRange(min=0.0, max=60_000.0),
    default=0.0,
    show_default=True,
    help="Added answer time, jittered 0.5x-1.5x.",
)
@click.option(
    "--jitter-ms",
    metavar="MS",
    type=click.FloatRange(min=0.0, max=60_000.0),
    default=0.0,
    show_default=True,
    help="The gateway counts each request a random 0..MS after it arrives (a network).",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of ids, faults and jitter (same seed, same run); without it, faults and "
    "jitter from 0 and ids of this simulator's own, as two accounts have.",
)
@click.option(
    "--state",
    "state_path",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep the sandbox's data in FILE across restarts (created when missing).",
)
@click.option(
    "--retry-after",
    metavar="SECONDS",
    type=click.IntRange(min=0),
    help="Send Retry-After with over-limit answers (the real API may not; off by default).",
)
@click.option(
    "--privileges",
    metavar="LIST",
    help="Give the token only these OAuth privileges, comma-separated (e.g. "
    "campaign:read,campaign:write); a call needing another is refused with 403. Default: all.",
)
@click.option(
    "--guesses/--no-guesses",
    default=True,
    show_default=True,
    help="--no-guesses: enforce only the rules the API's documents state; the rules "
    "docs/api-rules.md marks as the simulator's guesses (field lengths no page gives, the "
    "1 MiB body limit, ...) refuse nothing, so a refusal left is a documented one. An answer "
    "a guess made says which in its X-Simulator-Guess header.",
)
@click.option(
    "--send-window",
    "send_window_s",
    metavar="SECONDS",
    type=click.FloatRange(min=0.0, max=3600.0),
    default=5.0,
    show_default=True,
    help="A campaign sent now stays SCHEDULED until the next send window, one every SECONDS "
    "(the real API's: about 300); 0: sent at once.",
)
def serve(
    host: str,
    port: int,
    api_key: str,
    token: str,
    account_specs: tuple[str, ...],
    generated: int,
    rate: float,
    daily_quota: int,
    fail_rate: float,
    ambiguous_rate: float,
    latency_ms: float,
    jitter_ms: float,
    seed: int | None,
    state_path: Path | None,
    retry_after: int | None,
    privileges: str | None,
    guesses: bool,
    send_window_s: float,
) -> None:
    """Run a local simulator of the EventSpot API (paths under http://HOST:PORT/v2/).

    It applies the API's rules, its gateway (api key, per-second limit, daily quota, Bearer
    token) and, on request, faults. Credentials by default: api key `sandbox-key`, token
    `sandbox-token`. GET /__simulator/stats shows its counters; POST /__simulator/control
    changes its settings; GET /__simulator/dump shows its data. Stop it with Ctrl-C.
    With --account or --accounts it serves several accounts, each its own data, rate window
    and quota; `?api_key=KEY` on those three paths names one (stats without it: the totals).

    \b
    Example:
      bulkspot serve --port 8080 --rate 4 --state sandbox.json
      bulkspot serve --port 0 --rate 0 --fail-rate 0.05 --seed 7
      bulkspot serve --no-guesses   # refuse only what the API's documents state
      bulkspot serve --accounts 20  # sandbox-key and sandbox-key-1..20
    """
    accounts = _accounts(account_specs, generated)
    if accounts and state_path is not None:
        raise click.UsageError(
            "--state keeps the data of one account; it cannot be given with --account or --accounts"
        )
    try:
        config = SimulatorConfig(
            api_key=api_key,
            token=token,
            rate=rate,
            daily_quota=daily_quota,
            fail_rate=fail_rate,
            ambiguous_rate=ambiguous_rate,
            latency_ms=latency_ms,
            jitter_ms=jitter_ms,
            seed=seed,
            state_path=state_path,
            retry_after=retry_after,
            privileges=_privileges(privileges),
            guesses=guesses,
            send_window_s=send_window_s,
            accounts=accounts,
        )
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    asyncio.run(_serve(config, host, port))


def _accounts(specs: tuple[str, ...], generated: int) -> tuple[Account, ...]:
    """`--account KEY:TOKEN`s, then `--accounts N`'s sandbox-key-1..N (their order is their
    number: account 1 is the first given)."""
    accounts = []
    for place, spec in enumerate(specs, start=1):
        key, colon, token = spec.partition(":")
        if not colon or not key or not token:  # the value holds a secret: name its place
            raise click.UsageError(f"--account number {place} must be KEY:TOKEN")
        try:
            accounts.append(Account(key, token))
        except ConfigError as error:
            raise click.UsageError(f"--account number {place}: {error}") from None
    accounts += [
        Account(f"{DEFAULT_API_KEY}-{n}", f"{DEFAULT_TOKEN}-{n}") for n in range(1, generated + 1)
    ]
    return tuple(accounts)


def _privileges(text: str | None) -> frozenset[str] | None:
    """`--privileges a,b` as a set; None (every privilege) when not given."""
    if text is None:
        return None
    return frozenset(p.strip() for p in text.split(",") if p.strip())


def _reason(error: OSError) -> str:
    """The system's words for the error (asyncio wraps a busy port's in a long sentence)."""
    if error.errno and error.errno > 0:  # a name lookup's errors are negative: keep its text
        return os.strerror(error.errno)
    return error.strerror or str(error)


async def _serve(config: SimulatorConfig, host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    simulator = Simulator(config, host, port)
    try:
        await simulator.start()
    except StateError as error:
        raise Failure(str(error)) from None
    except OSError as error:
        raise Failure(f"cannot listen on {host}:{port}: {_reason(error)}") from None
    try:
        click.echo(f"listening on {simulator.url}")
        sys.stdout.flush()
        await stop.wait()
    finally:
        try:
            await simulator.close()
        except OSError as error:
            where = config.state_path
            raise Failure(f"cannot save the state to {where}: {error}") from None
