"""Check a whole request body against a resource's rules, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bulkspot.core.resources import Field, FieldType, Problem, ResourceSpec


def validate_body(spec: ResourceSpec, body: Mapping[str, Any]) -> list[Problem]:
    """Every problem of `body` as a create or full-replace (PUT) body of `spec`.

    Read-only and unknown fields are ignored, as the API ignores them.
    """
    problems = list(_check_fields(spec.writable, body, prefix=""))
    if not problems:  # cross-field rules assume each field is well-typed
        for rule in spec.cross_rules:
            problems.extend(rule(body))
    return problems


def _check_fields(fields: Iterable[Field], body: Mapping[str, Any], prefix: str) -> list[Problem]:
    problems: list[Problem] = []
    for field in fields:
        if field.read_only:
            continue
        name = f"{prefix}{field.name}"
        value = body.get(field.name)
        if value is None or (value == "" and field.type is not FieldType.STRING):
            if field.required:
                problems.append(Problem(name, "is required"))
            continue
        problem = check_value(field, value)
        if problem:
            problems.append(Problem(name, problem))
        elif field.type is FieldType.OBJECT and field.children:
            problems.extend(_check_fields(field.children, value, prefix=f"{name}."))
        elif field.type is FieldType.OBJECT_LIST:
            for n, element in enumerate(value):
                problems.extend(_check_fields(field.children, element, prefix=f"{name}[{n}]."))
    return problems


def check_value(field: Field, value: Any) -> str | None:
    """Why `value` breaks `field`'s rules, or None when it keeps them."""
    match field.type:
        case FieldType.STRING | FieldType.DATETIME:
            if not isinstance(value, str):
                return "must be text"
            return _check_text(field, value)
        case FieldType.ENUM:
            if value not in field.choices:
                return f"must be one of {', '.join(field.choices)} (got {value!r})"
            return None
        case FieldType.INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                return "must be a whole number"
            return _check_range(field, value)
        case FieldType.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return "must be a number"
            return _check_range(field, value)
        case FieldType.BOOLEAN:
            return None if isinstance(value, bool) else "must be true or false"
        case FieldType.STRING_LIST:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                return "must be a list of text values"
            return None
        case FieldType.ENUM_LIST:
            if not isinstance(value, list):
                return "must be a list"
            bad = [v for v in value if v not in field.choices]
            return f"must hold only {', '.join(field.choices)} (got {bad[0]!r})" if bad else None
        case FieldType.OBJECT:
            return None if isinstance(value, Mapping) else "must be an object"
        case FieldType.OBJECT_LIST:
            if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
                return "must be a list of objects"
            return None
    return None  # pragma: no cover - every FieldType is matched above


def _check_text(field: Field, value: str) -> str | None:
    if field.min_length is not None and len(value) < field.min_length:
        if field.min_length == 1:
            return "must not be empty"
        return f"must be at least {field.min_length} characters (got {len(value)})"
    if field.max_length is not None and len(value) > field.max_length:
        return f"must be at most {field.max_length} characters (got {len(value)})"
    if field.pattern is not None and not field.pattern.fullmatch(value):
        return f"must be {field.pattern_hint} (got {value!r})"
    return None


def _check_range(field: Field, value: float) -> str | None:
    if field.unlimited is not None and value == field.unlimited:
        return None
    low, high = field.minimum, field.maximum
    unlimited = f", or {field.unlimited} for unlimited" if field.unlimited is not None else ""
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            return f"must be at least {_fmt(low)}{unlimited} (got {_fmt(value)})"
        if low is None:
            return f"must be at most {_fmt(high)} (got {_fmt(value)})"
        return f"must be between {_fmt(low)} and {_fmt(high)}{unlimited} (got {_fmt(value)})"
    return None


def _fmt(number: float | None) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)
