"""The accounts file of `bulkspot copy --accounts` (issue 24): names of environment
variables, never secrets; each mistake named with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkspot.api import RunConfig, targets_from_file
from bulkspot.config import ApiSettings
from bulkspot.errors import ConfigError
from bulkspot.sources.accounts import read_accounts

BASE = "https://api.constantcontact.com/v2/"
EVENT = "a07ejk4wwwi04c6fc73"
ENV = {"NORTH_KEY": "k-north", "NORTH_TOKEN": "t-north", "SOUTH_KEY": "k-south",
       "SOUTH_TOKEN": "t-south"}  # fmt: skip


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path, environ: dict[str, str] = ENV) -> str:
    with pytest.raises(ConfigError) as caught:
        read_accounts(path, environ, BASE)
    return str(caught.value)


def test_accounts_read_with_their_secrets_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffName,to_event,api_key_env,token_env,base_url\n"
                 f"north,{EVENT},NORTH_KEY,NORTH_TOKEN,\n\n# a note\n"
                 f"south,{EVENT},SOUTH_KEY,SOUTH_TOKEN,http://127.0.0.1:9/v2/\n")  # fmt: skip
    found = read_accounts(path, ENV, BASE)
    assert [(a.line, a.name, a.to_event) for a in found] == [(2, "north", EVENT),
                                                             (5, "south", EVENT)]  # fmt: skip
    assert found[0].api == ApiSettings("k-north", "t-north", BASE)
    assert found[1].api == ApiSettings("k-south", "t-south", "http://127.0.0.1:9/v2/")


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, f"name,to_event,api_key\nnorth,{EVENT},NORTH_KEY\n")
    assert refused(path) == (
        f"the accounts file {path} has no column api_key_env, token_env: its header must "
        "name name, to_event, api_key_env, token_env (and maybe base_url)"
    )


def test_a_secret_pasted_in_place_of_a_variable_is_refused_and_never_echoed(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "name,to_event,api_key_env,token_env\n"
                 f"north,{EVENT},NORTH_KEY,3f9c2-d41e-secret-token\n")  # fmt: skip
    message = refused(path)
    assert message == (
        f"{path} line 2: the token_env cell is not the name of an environment variable "
        "(capital letters, digits and _); the file names the variable that holds the "
        "secret, never the secret itself"
    )


def test_a_variable_not_set_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name,to_event,api_key_env,token_env\n"
                 f"north,{EVENT},NORTH_KEY,NORTH_TOKEN\n"
                 f"south,{EVENT},SOUTH_KEY,WEST_TOKEN\n")  # fmt: skip
    assert refused(path) == (
        f"{path} line 3: the environment variable WEST_TOKEN (token_env) is not set"
    )


def test_a_blank_cell_and_an_empty_file_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "name,to_event,api_key_env,token_env\nnorth,,NORTH_KEY,NORTH_TOKEN\n")
    assert refused(path) == f"{path} line 2: the to_event cell is blank"
    empty = write(tmp_path, "name,to_event,api_key_env,token_env\n")
    assert refused(empty) == f"the accounts file {empty} lists no account"


def test_a_name_that_cannot_name_a_folder_and_a_name_twice(tmp_path: Path) -> None:
    config = RunConfig(ApiSettings("k", "t", BASE))
    path = write(tmp_path, "name,to_event,api_key_env,token_env\n"
                 f"../north,{EVENT},NORTH_KEY,NORTH_TOKEN\n")  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        targets_from_file(path, config, ENV)
    assert str(caught.value) == (  # the file named, as for its other mistakes
        f"{path} line 2: the account name '../north' cannot name a folder: use letters, digits, "
        "'.', '-' and '_' (64 at most), beginning with a letter or digit"
    )
