"""The option groups reach a command as objects: one RunConfig, one ImportJob, one View; and
the kinds the command line accepts are the registry's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from bulkspot.cli.builders import View, build_config, build_view, builds
from bulkspot.cli.logging_observer import LogTarget
from bulkspot.cli.options import KINDS, credentials_options, limits_options, view_options
from bulkspot.config import RunConfig
from bulkspot.core.resources import RESOURCES, WRITABLE_KINDS
from bulkspot.errors import ConfigError
from tests.cli.invoke import Cli


def shout(word: str) -> str:
    return word.upper()


def echo_twice(shouted: str, times: int) -> str:
    return " ".join([shouted] * times)


def test_builds_hands_objects_and_keeps_the_rest() -> None:
    seen: dict[str, Any] = {}

    @click.command()
    @click.option("--word")
    @click.option("--times", type=int)
    @click.option("--other")
    @builds(shouted=shout, twice=echo_twice)
    def command(**given: Any) -> None:
        seen.update(given)

    result = CliRunner().invoke(command, ["--word", "hi", "--times", "2", "--other", "x"])
    assert result.exit_code == 0, result.output
    # a builder sees the objects built before it; what a builder took is not passed on
    assert seen == {"shouted": "HI", "twice": "HI HI", "other": "x"}


def test_a_builders_error_is_a_clean_line_and_exit_2() -> None:
    def refuse(word: str) -> str:
        raise ConfigError(f"{word!r} will not do")

    @click.command()
    @click.option("--word")
    @builds(thing=refuse)
    def command(thing: str) -> None:
        raise AssertionError("not reached")

    result = CliRunner().invoke(command, ["--word", "no"])
    assert (result.exit_code, result.output) == (2, "Error: 'no' will not do\n")


def test_the_shared_groups_build_a_run_config_and_a_view(tmp_path: Path) -> None:
    seen: list[tuple[RunConfig, View]] = []

    @click.command()
    @limits_options
    @view_options
    @credentials_options
    @builds(config=build_config, view=build_view)
    def command(config: RunConfig, view: View) -> None:
        seen.append((config, view))

    env = {"CTCT_API_KEY": "k", "CTCT_ACCESS_TOKEN": "t"}
    args = ["--rate", "2", "--concurrency", "3", "--log", str(tmp_path / "l.log"), "-v", "-q"]
    result = CliRunner().invoke(command, args, env=env)
    assert result.exit_code == 0, result.output
    [(config, view)] = seen
    assert (config.limits.rate, config.limits.concurrency, config.api.secrets) == (2, 3, ("k", "t"))
    assert view == View(quiet=True, log=LogTarget(path=tmp_path / "l.log", verbose=True))


def test_the_kinds_are_the_registrys(run_cli: Cli) -> None:
    assert tuple(RESOURCES[kind].plural for kind in WRITABLE_KINDS) == KINDS
    text = run_cli("import", "--help").output
    assert f"as KIND: {', '.join(KINDS[:-1])} or {KINDS[-1]}." in " ".join(text.split())


def test_undo_checks_the_journal_before_the_credentials(run_cli: Cli) -> None:
    result = run_cli("undo", "--journal", "nope.sqlite")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--journal': no journal at nope.sqlite\n" in result.output
