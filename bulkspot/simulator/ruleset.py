"""A resource's rules: its fields (schema.py) and its cross-field rules, the guessed ones
apart, checked as a whole into one 400 that names every problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any

from bulkspot.simulator.problems import REQUIRED, Problem, invalid
from bulkspot.simulator.schema import Clean, Field, check, without_guesses

CrossRule = Callable[[Clean, set[str]], list[Problem]]
GuessedRule = tuple[str, CrossRule]  # a guess's key (guesses.py) and its check


@dataclass(frozen=True, slots=True)
class Rules:
    """A resource's fields and cross-field rules; `guessed`: the cross-field rules that are
    the simulator's guesses (guesses.py), skipped with the fields' guesses by `--no-guesses`."""

    kind: str
    fields: tuple[Field, ...]
    cross: CrossRule | None = None
    guessed: tuple[GuessedRule, ...] = ()
    documented: tuple[Field, ...] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "documented", without_guesses(self.fields))

    def validate(self, body: Mapping[str, Any], guesses: bool = True) -> Clean:
        """The clean body to store, or a 400 (ApiError) naming every problem; `guesses`
        False: only what the documents state is checked."""
        clean, problems = check(self.fields if guesses else self.documented, body)
        if problems and guesses:
            problems = self._name_guesses(body, problems)
        # The cross rules see only the fields that passed; a field already at fault
        # gets no second entry from them.
        failed = {p.field.split("/", 1)[0] for p in problems}
        rules = [("", self.cross)] if self.cross else []
        rules += self.guessed if guesses else ()
        for guess, rule in rules:
            problems.extend(
                replace(p, guess=guess) for p in rule(clean, failed) if p.field not in failed
            )
        if problems:
            raise invalid(problems)
        return clean

    def _name_guesses(self, body: Mapping[str, Any], problems: list[Problem]) -> list[Problem]:
        """The field problems, each a guess's when the documents alone find no such one.
        Only a refused body pays for this second check."""
        _, documented = check(self.documented, body)
        stated = {(p.key, p.field, p.message) for p in documented}
        return [
            p
            if (p.key, p.field, p.message) in stated
            else replace(p, guess=_guess_of(self.fields, p))
            for p in problems
        ]


def _guess_of(fields: tuple[Field, ...], problem: Problem) -> str:
    """The guess of the field a problem names (by its JSON path, through nested objects)."""
    found: Field | None = None
    for part in problem.field.split("/"):
        if part.isdigit():  # an index into a list
            continue
        found = next((f for f in fields if f.name == part), None)
        if found is None:
            return ""
        fields = found.children
    if found is None:
        return ""
    if problem.key == REQUIRED:
        return found.required_guess or found.guess or ""
    return found.guess or found.required_guess or ""
