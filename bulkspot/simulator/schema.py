"""A small schema checker: a body in, the clean stored fields and every problem out.

Only the fields a schema names are kept, so read-only and unknown fields are dropped without
a word (the API ignores them). A missing field takes its default, which is how a PUT clears
what it leaves out. Numbers of NUMBER fields become floats and instants become UTC
`...T..:..:..mmmZ` texts, as the API answers them.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from bulkspot.simulator.problems import ENUM, INVALID, LENGTH, RANGE, REQUIRED, Problem
from bulkspot.simulator.problems import field_problem as _problem

Checker = Callable[["Field", Any, str, list[Problem]], Any]


class Kind(Enum):
    STRING = "a string"
    INTEGER = "a whole number"
    NUMBER = "a number"
    BOOLEAN = "true or false"
    INSTANT = "an ISO-8601 date and time"
    ENUM = "one of the listed values"
    ENUM_LIST = "an array of listed values"
    STRING_LIST = "an array of non-empty strings"
    OBJECT = "an object"
    OBJECT_LIST = "an array of objects"


@dataclass(frozen=True, slots=True)
class Field:
    """One writable field: its type and the API's bounds for it."""

    name: str
    kind: Kind
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    unlimited: int | None = None  # a value allowed below the minimum (-1: unlimited)
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    children: tuple[Field, ...] = ()
    default: Any = None
    guess: str | None = None  # the guess (guesses.py) behind its bounds and choices
    required_guess: str | None = None  # the guess that makes it required
    checker: Checker = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Looked up once: hashing an Enum member on every value costs a Python call.
        object.__setattr__(self, "checker", _CHECKERS[self.kind])


Clean = dict[str, Any]
_LOOSER = {Kind.ENUM: Kind.STRING, Kind.ENUM_LIST: Kind.STRING_LIST}


def without_guesses(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields with every guessed bound, choice and requirement taken off: what
    `--no-guesses` checks (the type and the documented bounds stay)."""
    return tuple(_relaxed(field) for field in fields)


def _relaxed(field: Field) -> Field:
    changes: dict[str, Any] = {}
    if field.children:
        changes["children"] = without_guesses(field.children)
    if field.required_guess is not None:
        changes.update(required=False, min_length=None, required_guess=None)
    if field.guess is not None:
        changes.update(max_length=None, minimum=None, maximum=None, guess=None)
        if field.kind in _LOOSER:
            changes.update(kind=_LOOSER[field.kind], choices=())
    return dataclasses.replace(field, **changes) if changes else field


def check(
    fields: tuple[Field, ...], body: Mapping[str, Any], prefix: str = ""
) -> tuple[Clean, list[Problem]]:
    """The clean fields of `body` and the problems of its bad ones (one entry each)."""
    clean: Clean = {}
    problems: list[Problem] = []
    for field in fields:
        value = body.get(field.name)
        if value is None:
            if field.required:
                problems.append(_problem(REQUIRED, prefix + field.name, "is required"))
            elif field.default is not None:
                clean[field.name] = copy.deepcopy(field.default)
            continue
        checked = field.checker(field, value, prefix + field.name, problems)
        if checked is not _BAD:
            clean[field.name] = checked
    return clean, problems


_BAD: Any = object()  # what a checker returns for a value it reported


def _string(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if value.__class__ is not str:
        return _wrong_type(field, path, problems)
    return value if _check_text(field, value, path, problems) else _BAD


def _integer(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if value.__class__ is not int:  # bool is a subclass of int: not a number here
        return _wrong_type(field, path, problems)
    return value if _check_range(field, value, path, problems) else _BAD


def _number(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if value.__class__ is not float and value.__class__ is not int:
        return _wrong_type(field, path, problems)
    value = float(value)
    return value if _check_range(field, value, path, problems) else _BAD


def _boolean(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    return value if value.__class__ is bool else _wrong_type(field, path, problems)


def _instant(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    moment = parse_instant(value)
    return _wrong_type(field, path, problems) if moment is None else format_instant(moment)


def _enum(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if value.__class__ is str and value in field.choices:
        return value
    problems.append(_problem(ENUM, path, _enum_message(field, value)))
    return _BAD


def _enum_list(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list):
        return _wrong_type(field, path, problems)
    before = len(problems)
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or entry not in field.choices:
            problems.append(_problem(ENUM, f"{path}/{index}", _enum_message(field, entry)))
    return list(value) if len(problems) == before else _BAD


def _string_list(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return _wrong_type(field, path, problems)
    return list(value)


def _object(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        return _wrong_type(field, path, problems)
    clean, nested = check(field.children, value, f"{path}/")
    problems.extend(nested)
    return _BAD if nested else clean


def _object_list(field: Field, value: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return _wrong_type(field, path, problems)
    entries, before = [], len(problems)
    for index, entry in enumerate(value):
        clean, nested = check(field.children, entry, f"{path}/{index}/")
        entries.append(clean)
        problems.extend(nested)
    return entries if len(problems) == before else _BAD


_CHECKERS: dict[Kind, Checker] = {
    Kind.STRING: _string,
    Kind.INTEGER: _integer,
    Kind.NUMBER: _number,
    Kind.BOOLEAN: _boolean,
    Kind.INSTANT: _instant,
    Kind.ENUM: _enum,
    Kind.ENUM_LIST: _enum_list,
    Kind.STRING_LIST: _string_list,
    Kind.OBJECT: _object,
    Kind.OBJECT_LIST: _object_list,
}


def _wrong_type(field: Field, path: str, problems: list[Problem]) -> Any:
    problems.append(_problem(INVALID, path, f"must be {field.kind.value}"))
    return _BAD


def _enum_message(field: Field, value: Any) -> str:
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    return f"must be one of {', '.join(field.choices)} (got {shown})"


def _check_text(field: Field, value: str, path: str, problems: list[Problem]) -> bool:
    low, high = field.min_length, field.max_length
    if (low is not None and len(value) < low) or (high is not None and len(value) > high):
        if high is None:
            bounds = f"at least {low}"
        elif low is None:
            bounds = f"at most {high}"
        else:
            bounds = f"{low} to {high}"
        message = f"must be {bounds} characters long (got {len(value)})"
        problems.append(_problem(LENGTH, path, message))
        return False
    if field.pattern is not None and not field.pattern.fullmatch(value):
        problems.append(_problem(INVALID, path, f"must be {field.pattern_hint} (got {value!r})"))
        return False
    return True


def _check_range(field: Field, value: float, path: str, problems: list[Problem]) -> bool:
    if field.unlimited is not None and value == field.unlimited:
        return True
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            bounds = f"at least {_fmt(low)}"
        elif low is None:
            bounds = f"at most {_fmt(high)}"
        else:
            bounds = f"between {_fmt(low)} and {_fmt(high)}"
        if field.unlimited is not None:
            bounds += f", or {field.unlimited} for unlimited"
        problems.append(_problem(RANGE, path, f"must be {bounds} (got {_fmt(value)})"))
        return False
    return True


def _fmt(number: float | None) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def parse_instant(value: Any) -> datetime | None:
    """An ISO-8601 text as an aware UTC datetime (no zone given: UTC), else None."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_instant(moment: datetime) -> str:
    """The API's form of an instant: UTC with milliseconds, `2014-08-06T14:00:00.000Z`."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
