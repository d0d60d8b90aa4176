"""A resource's rules: its fields (schema.py) and its cross-field rules, the guessed ones
apart, checked as a whole into one 400 that names every problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from bulkspot.simulator.problems import Problem, invalid
from bulkspot.simulator.schema import Clean, Field, check, without_guesses

CrossRule = Callable[[Clean, set[str]], list[Problem]]


@dataclass(frozen=True, slots=True)
class Rules:
    """A resource's fields and cross-field rules; `guessed`: the cross-field rules that are
    the simulator's guesses (guesses.py), skipped with the fields' guesses by `--no-guesses`."""

    kind: str
    fields: tuple[Field, ...]
    cross: CrossRule | None = None
    guessed: tuple[CrossRule, ...] = ()
    documented: tuple[Field, ...] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "documented", without_guesses(self.fields))

    def validate(self, body: Mapping[str, Any], guesses: bool = True) -> Clean:
        """The clean body to store, or a 400 (ApiError) naming every problem; `guesses`
        False: only what the documents state is checked."""
        clean, problems = check(self.fields if guesses else self.documented, body)
        # The cross rules see only the fields that passed; a field already at fault
        # gets no second entry from them.
        failed = {p.field.split("/", 1)[0] for p in problems}
        rules = (*((self.cross,) if self.cross else ()), *(self.guessed if guesses else ()))
        for rule in rules:
            problems.extend(p for p in rule(clean, failed) if p.field not in failed)
        if problems:
            raise invalid(problems)
        return clean
