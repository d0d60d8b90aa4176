"""The accounts file of `bulkspot copy --accounts FILE`: one template, many accounts.

A CSV file a person writes by hand, one account a line under a header:

    name,to_event,api_key_env,token_env,base_url
    north,a07e1jfq0bu0a6b6f2d,NORTH_API_KEY,NORTH_TOKEN,
    south,a07e1jfq0bu0a6b6f2e,SOUTH_API_KEY,SOUTH_TOKEN,https://api.constantcontact.com/v2/

`api_key_env` and `token_env` NAME the environment variables that hold the account's api
key and access token: a file of accounts is shared, mailed and kept, so it never holds a
secret. `base_url` may be blank or left out (the command's --base-url). Columns may come in
any order; blank lines and lines whose first cell begins with `#` are skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bulkspot.config import ApiSettings, SecretsGiven
from bulkspot.errors import ConfigError, InputError

COLUMNS = ("name", "to_event", "api_key_env", "token_env")
OPTIONAL = ("base_url",)
_VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]*")  # what a variable's name looks like by custom


@dataclass(frozen=True, slots=True)
class AccountLine:
    """One account of the file, its secrets read from the environment."""

    line: int
    name: str
    to_event: str
    api: ApiSettings  # its `given` names each secret's variable and this line
    where: str = ""  # "<file> line <n>", for messages about this account


def read_accounts(
    path: Path, environ: Mapping[str, str], default_base_url: str
) -> tuple[AccountLine, ...]:
    """The file's accounts; ConfigError naming the file and line of the first mistake
    (InputError when the file cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise InputError(f"cannot read the accounts file {path}: {reason}") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    rows = ((n, next(csv.reader([line]))) for n, line in lines)  # a line is an account
    header = [cell.strip().lower() for cell in next(rows, (0, []))[1]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ConfigError(
            f"the accounts file {path} has no column {', '.join(missing)}: its header must "
            f"name {', '.join(COLUMNS)} (and maybe base_url)"
        )
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL]
    if unknown:
        raise ConfigError(
            f"the accounts file {path} has an unknown column {unknown[0]!r}: its columns are "
            f"{', '.join(COLUMNS + OPTIONAL)}"
        )
    found: list[AccountLine] = []
    for number, cells in rows:
        if cells and cells[0].lstrip().startswith("#"):
            continue
        where = f"{path} line {number}"
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        if len(cells) > len(header):
            raise ConfigError(f"{where}: {len(cells)} cells under a header of {len(header)}")
        for column in COLUMNS:
            if not row.get(column):
                raise ConfigError(f"{where}: the {column} cell is blank")
        key = _secret(row["api_key_env"], "api_key_env", environ, where)
        token = _secret(row["token_env"], "token_env", environ, where)
        given = SecretsGiven(  # a message that asks to fix one names its variable and line
            api_key=f"{row['api_key_env']} (the api_key_env of {where})",
            token=f"{row['token_env']} (the token_env of {where})",
        )
        try:
            api = ApiSettings(key, token, row.get("base_url") or default_base_url, given=given)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None
        found.append(AccountLine(number, row["name"], row["to_event"], api, where))
    if not found:
        raise ConfigError(f"the accounts file {path} lists no account")
    return tuple(found)


def _secret(variable: str, column: str, environ: Mapping[str, str], where: str) -> str:
    """The value of the variable the cell names. A cell that is not a variable's name may
    be the secret itself, pasted by mistake: it is never echoed."""
    if not _VARIABLE.fullmatch(variable):
        raise ConfigError(
            f"{where}: the {column} cell is not the name of an environment variable "
            "(capital letters, digits and _); the file names the variable that holds the "
            "secret, never the secret itself"
        )
    value = environ.get(variable, "")
    if not value.strip():
        raise ConfigError(f"{where}: the environment variable {variable} ({column}) is not set")
    return value
