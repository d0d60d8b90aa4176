"""Credentials from the environment (preferred) or the command line (with a warning)."""

from __future__ import annotations

import click
from click.core import ParameterSource

from bulkspot.config import ApiSettings

_ENV = {"api_key": ("--api-key", "CTCT_API_KEY"), "token": ("--token", "CTCT_ACCESS_TOKEN")}


def api_settings(base_url: str, api_key: str | None, token: str | None) -> ApiSettings:
    """ApiSettings from the credential options; ConfigError (a clean message) when wrong.

    A secret typed on the command line works, but lands in the shell history and the process
    list: say so, on stderr, without echoing it.
    """
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        for name, (flag, env) in _ENV.items():
            if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
                click.echo(
                    f"warning: {flag} on the command line is kept in your shell history and "
                    f"shown in the process list; prefer the {env} environment variable",
                    err=True,
                )
    return ApiSettings(api_key=api_key or "", token=token or "", base_url=base_url)
