"""Check a whole request body against a resource's rules, reporting every problem at once.

`Validator.of(spec)` reads a resource's rules once (each field's check is chosen and its bounds
looked up then), so that a sheet of a million rows pays per row only for the checks
themselves. `validate_body` and `check_value` are the same checks for a single body or value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bulkspot.core.quoting import quote, start
from bulkspot.core.resources import Field, FieldType, Problem, ResourceSpec

Check = Callable[[Any], "str | None"]
"""A value -> why it breaks its field's rules, or None when it keeps them."""


def validate_body(spec: ResourceSpec, body: Mapping[str, Any]) -> list[Problem]:
    """Every problem of `body` as a create or full-replace (PUT) body of `spec`.

    Read-only and unknown fields are ignored, as the API ignores them.
    """
    return Validator.of(spec).problems(body)


def check_value(field: Field, value: Any) -> str | None:
    """Why `value` breaks `field`'s rules, or None when it keeps them."""
    return value_check(field)(value)


class Validator:
    """The rules of one resource's body (or of a nested object's), read once."""

    __slots__ = ("_cross", "_fields")

    def __init__(self, fields: Iterable[Field], cross_rules: Iterable[Any] = ()) -> None:
        self._fields = tuple(
            (f.name, f.required, f.type is FieldType.STRING, value_check(f), _nested(f))
            for f in fields
            if not f.read_only
        )
        self._cross = tuple(cross_rules)

    @classmethod
    def of(cls, spec: ResourceSpec) -> Validator:
        return cls(spec.fields, spec.cross_rules)

    def problems(self, body: Mapping[str, Any], prefix: str = "") -> list[Problem]:
        """Every problem of `body`; the cross-field rules only when each field is well-typed."""
        found: list[Problem] = []
        get = body.get
        for name, required, text, check, nested in self._fields:
            value = get(name)
            if value is None or (not text and type(value) is str and not value):
                if required:
                    found.append(Problem(prefix + name, "is required"))
                continue
            why = check(value)
            if why is not None:
                found.append(Problem(prefix + name, why))
            elif nested is not None:
                found += nested(value, f"{prefix}{name}")
        if not found:
            for rule in self._cross:
                found += rule(body)
        return found


def _nested(field: Field) -> Callable[[Any, str], list[Problem]] | None:
    """The check of an object's fields (or of each object of a list), if it has any."""
    if not field.children:
        return None
    inner = Validator(field.children)
    if field.type is FieldType.OBJECT:
        return lambda value, name: inner.problems(value, f"{name}.")
    if field.type is FieldType.OBJECT_LIST:
        return lambda values, name: [
            p for n, value in enumerate(values) for p in inner.problems(value, f"{name}[{n}].")
        ]
    return None


def value_check(field: Field) -> Check:
    """The check of one field's values, with its bounds looked up once."""
    match field.type:
        case FieldType.STRING | FieldType.DATETIME:
            return _text_check(field)
        case FieldType.ENUM:
            return _choice_check(field)
        case FieldType.INTEGER:
            return _range_check(field, (int,), "must be a whole number")
        case FieldType.NUMBER:
            return _range_check(field, (int, float), "must be a number")
        case FieldType.BOOLEAN:
            return lambda value: None if isinstance(value, bool) else "must be true or false"
        case FieldType.STRING_LIST:
            return _text_list_check
        case FieldType.ENUM_LIST:
            return _choice_list_check(field)
        case FieldType.OBJECT:
            return lambda value: None if isinstance(value, Mapping) else "must be an object"
        case FieldType.OBJECT_LIST:
            return _object_list_check
    raise AssertionError(f"no check for {field.type}")  # pragma: no cover


def _text_check(field: Field) -> Check:
    shortest, longest, pattern = field.min_length, field.max_length, field.pattern

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "must be text"
        if shortest is not None and len(value) < shortest:
            if shortest == 1:
                return "must not be empty"
            return f"must be at least {shortest} characters (got {len(value)})"
        if longest is not None and len(value) > longest:
            return (
                f"is {len(value):,} characters long, over the {longest:,} allowed "
                f"(starts {start(value)})"
            )
        if pattern is not None and not pattern.fullmatch(value):
            return f"must be {field.pattern_hint} (got {quote(value)})"
        return None

    return check


def _choice_check(field: Field) -> Check:
    choices = field.choices

    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"must be one of {', '.join(choices)} (got {quote(value)})"

    return check


def _range_check(field: Field, types: tuple[type[float], ...], wrong_type: str) -> Check:
    low, high, unlimited = field.minimum, field.maximum, field.unlimited
    least = -_NO_LIMIT if low is None else low
    most = _NO_LIMIT if high is None else high
    also = f", or {unlimited} for unlimited" if unlimited is not None else ""
    if high is None:
        out_of_range = f"must be at least {_fmt(low)}{also}"
    elif low is None:
        out_of_range = f"must be at most {_fmt(high)}"
    else:
        out_of_range = f"must be between {_fmt(low)} and {_fmt(high)}{also}"

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, types):
            return wrong_type
        number: float = value  # an int or a float, as checked
        if least <= number <= most or number == unlimited:
            return None
        return f"{out_of_range} (got {_fmt(number)})"

    return check


def _text_list_check(value: Any) -> str | None:
    if isinstance(value, list):
        for text in value:
            if not isinstance(text, str) or not text:
                break
        else:
            return None
    return "must be a list of text values"


def _choice_list_check(field: Field) -> Check:
    choices = field.choices

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        bad = [v for v in value if v not in choices]
        return f"must hold only {', '.join(choices)} (got {quote(bad[0])})" if bad else None

    return check


def _object_list_check(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        return "must be a list of objects"
    return None


_NO_LIMIT = float("inf")


def _fmt(number: float | None) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)
