"""The API's answers that are not successes: an HTTP status and a list of problems.

The real API answers every error with a JSON array of `{"error_key", "error_message"}`, one
entry per problem; handlers raise `ApiError` and the app turns it into that array.
"""

from __future__ import annotations

from dataclasses import dataclass

# Field problems ((decided) keys of docs/api-rules.md)
REQUIRED = "json.field.required"
INVALID = "json.field.invalid"
LENGTH = "json.field.length"
RANGE = "json.field.range"
ENUM = "json.field.enum"
# Whole-request problems
BAD_REQUEST = "http.status.bad_request"
NOT_FOUND = "http.status.not_found"
CONFLICT = "http.status.conflict"
METHOD_NOT_ALLOWED = "http.status.method_not_allowed"
NOT_ACCEPTABLE = "http.status.not_acceptable"
UNSUPPORTED_MEDIA = "http.status.unsupported_media_type"
TOO_LARGE = "http.status.request_entity_too_large"
SERVER_ERROR = "http.status.internal_server_error"
UNAUTHORIZED = "unauthorized"
# The gateway's (Mashery) keys, as the real API sends them
INACTIVE = "mashery.not.authorized.inactive"
OVER_QPS = "mashery.not.authorized.over.qps"
OVER_RATE = "mashery.not.authorized.over.ratelimit"


@dataclass(frozen=True, slots=True)
class Problem:
    """One entry of an error answer."""

    key: str
    message: str
    field: str = ""  # the JSON path of the field at fault, when one is
    guess: str = ""  # the guess (guesses.py) that makes this a problem; "": a documented rule

    def as_json(self) -> dict[str, str]:
        return {"error_key": self.key, "error_message": self.message}


def field_problem(key: str, path: str, message: str, guess: str = "") -> Problem:
    """A problem with one field, named by its JSON path as the API does (`#/code_name: ...`)."""
    return Problem(key, f"#/{path}: {message}", path, guess)


class ApiError(Exception):
    """An error answer: raised anywhere in a handler, answered by the app."""

    def __init__(
        self, status: int, problems: list[Problem], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, problems)
        self.status = status
        self.problems = problems
        self.headers = headers or {}

    @classmethod
    def one(cls, status: int, key: str, message: str, guess: str = "") -> ApiError:
        return cls(status, [Problem(key, message, guess=guess)])

    @property
    def guesses(self) -> list[str]:
        """The guesses behind this answer (guesses.py), for the X-Simulator-Guess header."""
        return sorted({p.guess for p in self.problems if p.guess})

    def with_headers(self, **headers: str) -> ApiError:
        self.headers.update(headers)
        return self


def not_found(what: str, ident: str) -> ApiError:
    return ApiError.one(404, NOT_FOUND, f"No {what} with the id {ident} was found.")


def conflict(field: str, value: str, where: str) -> ApiError:
    return ApiError.one(409, CONFLICT, f"#/{field}: {value!r} is already in use {where}.")


def bad_request(message: str = "Bad request.", guess: str = "") -> ApiError:
    return ApiError.one(400, BAD_REQUEST, message, guess)


def invalid(problems: list[Problem]) -> ApiError:
    return ApiError(400, problems)
