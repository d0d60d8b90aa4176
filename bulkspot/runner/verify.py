"""--verify: a rerun that checks what is still there.

A journal says what a run made; it cannot see what someone removed since. A rerun with
`verify` reads the target (one read of each collection the sheet's rows live in, the same
read the look-ups by name make) and treats a row whose resource is gone as not done: it is
made again, and so are the rows under it (an item removed: the item and its sizes; a size
removed: that size, and the item's total, which sums its sizes). A row whose resource is
still there keeps its outcome and is not sent again. So a results file written after a
verify names no id that is gone.

Only rows that ended with a resource are checked (created, exists, updated, unchanged);
failed, blocked and invalid rows are `--retry-failed`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulkspot.core.operation import Action, ByKey, FromOp, IdSource, Operation, OpKey
from bulkspot.core.outcome import Outcome
from bulkspot.core.resources import spec_for
from bulkspot.errors import TransferError
from bulkspot.runner.executor import Produced
from bulkspot.runner.lookup import KeyIndex


@dataclass
class Verifier:
    """Decides, for a row an earlier run finished, whether its resource is still there."""

    index: KeyIndex
    produced: Produced
    remade: set[OpKey] = field(default_factory=set)  # rows this run makes again

    @staticmethod
    def may_be_gone(previous: Outcome) -> bool:
        """Whether an earlier outcome names a resource that someone may have removed."""
        return previous.status.is_success and bool(previous.resource_id)

    async def still_there(self, op: Operation, previous: Outcome) -> bool:
        """True: the row stays as it was. False: it is to be made again (remembered, so the
        rows that depend on it are made again too)."""
        there = await self._check(op, previous)
        if not there:
            self.remade.add(op.key)
        return there

    async def _check(self, op: Operation, previous: Outcome) -> bool:
        for key in op.depends_on:  # settled first: whether it is made again is known then
            await self.produced.outcome_of(key)
        if any(key in self.remade for key in op.depends_on):
            return False  # what it was made under, or sums, is made again
        if op.action is not Action.CREATE or op.spec.natural_key is None:
            return True  # an update or a status: its target's own row says if it is gone;
            # a kind the look-ups cannot read by name is not checked either
        try:
            ids = {name: await self._resolve(source) for name, source in op.path_ids.items()}
        except _Unknown:
            return False  # let the write path say why (blocked, failed)
        try:
            return await self.index.holds(op.kind, ids, str(previous.resource_id))
        except TransferError:
            return False  # the read failed after its retries: the write path reports it

    async def _resolve(self, source: IdSource) -> str:
        if isinstance(source, str):
            return source
        if isinstance(source, FromOp):
            outcome = await self.produced.outcome_of(source.key)
            if outcome is None or not outcome.status.is_success or not outcome.resource_id:
                raise _Unknown
            return outcome.resource_id
        scope = {name: await self._resolve(s) for name, s in source.scope.items()}
        found = await self._find(source, scope)
        if found is None:
            raise _Unknown
        return found

    async def _find(self, source: ByKey, scope: dict[str, str]) -> str | None:
        try:
            return await self.index.find(spec_for(source.kind).kind, scope, source.value)
        except TransferError:
            return None


class _Unknown(Exception):
    """An id the check needs is not to be had: the row is run, and its outcome says why."""
