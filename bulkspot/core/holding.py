"""What hangs under a resource, and the order an undo removes a run's own resources in.

Deleting a resource that holds others deletes them with it (an item its attributes, a folder
its folders); undo may only take what its run made. So before a holder is deleted, what
hangs under it is read, and the run's own resources go first, deepest first; a holder that
still holds anything else (another writer's size, a subfolder someone added) is left in
place, and so is every holder above it. How one kind holds another comes from the registry:
a child's path names its parent (`parent`), or its body names a resource of the holder's
kind (`body_ids`: a folder's `parent_id`, a file's `folder_id`). Pure: the reads are the
runner's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bulkspot.core.resources import RESOURCES, spec_for

Node = tuple[str, str]  # (kind, id): one resource on the server


@dataclass(frozen=True, slots=True)
class Hold:
    """One way a kind holds another: `child`'s resources name their holder's id in `link`,
    a path id (an item's attributes: `item_id`) or a body field (a folder's folders:
    `parent_id`). `embedded`: where the holder's own answer lists them (an item's
    `attributes`), so the holders' collection answers for all of them in one read."""

    child: str
    link: str
    in_path: bool
    embedded: str | None = None


def holds(kind: str) -> tuple[Hold, ...]:
    """The ways a resource of `kind` holds others (none: deleting it takes nothing along)."""
    spec = spec_for(kind)
    found: list[Hold] = []
    for other in RESOURCES.values():
        if other.parent == kind and other.parent_id is not None:
            embedded = next((t.embedded for t in spec.totals if t.child == other.kind), None)
            found.append(Hold(other.kind, other.parent_id, True, embedded))
        found += [
            Hold(other.kind, name, False) for name, named in other.body_ids.items() if named == kind
        ]
    return tuple(found)


def held_by(kind: str) -> tuple[Hold, ...]:
    """The holds through which a resource of `kind` hangs under another."""
    return tuple(hold for other in RESOURCES for hold in holds(other) if hold.child == kind)


@dataclass(frozen=True, slots=True)
class Held:
    """One resource found under a holder."""

    kind: str
    id: str
    name: str  # its natural key ("" when the kind has none)

    def shown(self) -> str:
        named = f" {self.name!r}" if self.name else ""
        return f"{self.kind}{named} (id {self.id})"


@dataclass(frozen=True, slots=True)
class LeftInPlace:
    """A resource of the run's that undo did not delete, because deleting it would take
    along what is not the run's to take."""

    kind: str
    id: str
    name: str
    theirs: tuple[Held, ...] = ()  # what it holds that this run did not make
    kept: tuple[Held, ...] = ()  # the run's own resources under it, left in place themselves
    unread: str = ""  # why what it holds could not be read (so nothing is proven)
    members: str = ""  # what it holds that no run makes, counted ("12 contacts")

    @property
    def reason(self) -> str:
        """Why it was left: `it holds 1 attribute this run did not make: 'XL' (id 9)`."""
        parts = []
        if self.unread:
            parts.append(f"what it holds could not be read ({self.unread})")
        if self.members:
            parts.append(f"it holds {self.members} this run did not add")
        if self.theirs:
            parts.append(
                f"it holds {_count(self.theirs)} this run did not make: {_listed(self.theirs)}"
            )
        if self.kept:
            parts.append(
                f"it holds {_count(self.kept)} of this run's left in place: {_listed(self.kept)}"
            )
        return "; ".join(parts)

    def line(self) -> str:
        return f"{Held(self.kind, self.id, self.name).shown()}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RemovalOrder:
    """Per resource of the run's: how many levels of its own lie under it (0: none; removed
    in rising order), and the holders to leave in place."""

    heights: Mapping[Node, int]
    left: Mapping[Node, LeftInPlace]


def removal_order(
    ours: set[Node],
    holdings: Mapping[Node, Sequence[Held]],
    names: Mapping[Node, str],
    unread: Mapping[Node, str] | None = None,
    members: Mapping[Node, str] | None = None,
) -> RemovalOrder:
    """`ours`: what the journal proves the run made; `holdings`: what was read under each of
    its holders; `unread`: holders whose read failed (left in place: nothing is proven);
    `members`: holders that hold what no run makes (a list's contacts), counted."""
    unread, members = unread or {}, members or {}
    heights: dict[Node, int] = {}
    left: dict[Node, LeftInPlace] = {}
    done: set[Node] = set()

    def visit(node: Node, path: frozenset[Node]) -> int:
        if node in done:
            return heights[node]
        under = [h for h in holdings.get(node, ()) if (h.kind, h.id) not in path]
        own = [h for h in under if (h.kind, h.id) in ours]
        height = 1 + max((visit((h.kind, h.id), path | {node}) for h in own), default=-1)
        theirs = tuple(h for h in under if (h.kind, h.id) not in ours)
        kept = tuple(h for h in own if (h.kind, h.id) in left)
        if theirs or kept or node in unread or node in members:
            left[node] = LeftInPlace(
                node[0],
                node[1],
                names.get(node, ""),
                theirs,
                kept,
                unread.get(node, ""),
                members.get(node, ""),
            )
        heights[node] = height
        done.add(node)
        return height

    for node in sorted(ours | set(holdings) | set(unread) | set(members)):
        visit(node, frozenset())
    return RemovalOrder(heights, left)


def _count(found: Iterable[Held]) -> str:
    by_kind: dict[str, int] = {}
    for held in found:
        by_kind[held.kind] = by_kind.get(held.kind, 0) + 1
    return " and ".join(
        f"{n} {kind if n == 1 else spec_for(kind).plural}" for kind, n in by_kind.items()
    )


SHOWN = 3  # resources named per reason; the rest counted


def _listed(found: Sequence[Held]) -> str:
    shown = ", ".join(h.shown() for h in found[:SHOWN])
    return shown + (f" and {len(found) - SHOWN} more" if len(found) > SHOWN else "")
