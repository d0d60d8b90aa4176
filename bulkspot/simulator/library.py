"""MyLibrary's data: folders (a tree at most three levels deep, a name unique among the
folders of one parent) and the files in them.

Written from the v2 MyLibrary pages (the notes, ctct-v2.md section 5): a folder is made
with a name and an optional `parent_id`; a PUT renames it and moves it (`parent_id` "0" is
the top); a name already used at that level is a 409 with the documented message. Files
are uploaded outside this API, so the simulator's come from its state file; a PUT renames,
describes or moves one. Like the rest of the store, no method awaits: each change is atomic.
"""

from __future__ import annotations

from collections.abc import Callable

from bulkspot.simulator.config import Clock
from bulkspot.simulator.ids import IdMaker
from bulkspot.simulator.problems import CONFLICT, INVALID, ApiError, field_problem, not_found
from bulkspot.simulator.records import Body
from bulkspot.simulator.schema import format_instant

TOP = "0"  # the parent_id of a folder at level 1, as a PUT names it
MAX_LEVEL = 3
SAME_NAME = "A folder with that name at this level already exists"


def parent_of(body: Body) -> str | None:
    """The parent a body names; None for the top ("0", blank or absent)."""
    parent = body.get("parent_id")
    return None if parent in (None, "", TOP) else str(parent)


class Library:
    """Folders and files by id, in creation order; `changed` hears of every change."""

    def __init__(self, ids: IdMaker, clock: Clock, changed: Callable[[], None]) -> None:
        self.ids = ids
        self.clock = clock
        self.changed = changed
        self.folders: dict[str, Body] = {}
        self.files: dict[str, Body] = {}

    def _now(self) -> str:
        return format_instant(self.clock.utc_now())

    def _new_id(self, taken: dict[str, Body]) -> str:
        ident = self.ids.number_id()
        while ident in taken:
            ident = self.ids.number_id()
        return ident

    # folders
    def folder(self, folder_id: str) -> Body:
        found = self.folders.get(folder_id)
        if found is None:
            raise not_found("folder", folder_id)
        return found

    def children(self, folder_id: str | None) -> list[Body]:
        return [f for f in self.folders.values() if parent_of(f) == folder_id]

    def level_of(self, parent: str | None) -> int:
        """The level a folder gets under `parent` (1 at the top); 404 for an unknown one."""
        return 1 if parent is None else int(self.folder(parent)["level"]) + 1

    def depth_below(self, folder_id: str) -> int:
        """How many levels of folders lie under this one (0: none)."""
        return max((1 + self.depth_below(c["id"]) for c in self.children(folder_id)), default=0)

    def _check_place(self, ident: str | None, name: str, parent: str | None) -> int:
        """The level `name` gets under `parent`: 404, 400 (too deep, inside itself), 409."""
        level = self.level_of(parent)
        below = self.depth_below(ident) if ident is not None else 0
        ancestor = parent
        while ancestor is not None:
            if ancestor == ident:
                message = "a folder cannot move into itself or a folder under it"  # a tree
                raise ApiError(400, [field_problem(INVALID, "parent_id", message)])
            ancestor = parent_of(self.folders[ancestor])
        if level + below > MAX_LEVEL:
            deepest = level + below
            message = f"folders nest at most {MAX_LEVEL} levels deep (this would make {deepest})"
            raise ApiError(400, [field_problem(INVALID, "parent_id", message)])
        if any(f["name"] == name and f["id"] != ident for f in self.children(parent)):
            raise ApiError.one(409, CONFLICT, SAME_NAME)
        return level

    def create_folder(self, body: Body, kept: Body | None = None) -> Body:
        """A new folder; `kept` restores the id and dates of a saved one."""
        parent = parent_of(body)
        level = self._check_place(None, body["name"], parent)
        ident = str((kept or {}).get("id") or self._new_id(self.folders))
        if ident in self.folders:
            raise ApiError.one(409, CONFLICT, f"#/id: {ident!r} is already used by another folder.")
        now = self._now()
        folder = {
            "id": ident,
            "name": body["name"],
            "level": level,
            "created_date": now,
            "modified_date": now,
            **{k: v for k, v in (kept or {}).items() if v},
        }
        if parent is not None:
            folder["parent_id"] = parent
        self.folders[ident] = folder
        self.changed()
        return folder

    def update_folder(self, folder_id: str, body: Body) -> Body:
        """Rename and/or move: what the body leaves out stays as it is."""
        folder = self.folder(folder_id)
        name = str(body.get("name", folder["name"]))
        parent = parent_of(body) if "parent_id" in body else parent_of(folder)
        level = self._check_place(folder_id, name, parent)
        shift = level - int(folder["level"])
        folder["name"], folder["level"] = name, level
        folder.pop("parent_id", None)
        if parent is not None:
            folder["parent_id"] = parent
        if shift:
            self._shift_below(folder_id, shift)
        folder["modified_date"] = self._now()
        self.changed()
        return folder

    def _shift_below(self, folder_id: str, shift: int) -> None:
        for child in self.children(folder_id):
            child["level"] = int(child["level"]) + shift
            self._shift_below(child["id"], shift)

    def delete_folder(self, folder_id: str) -> bool:
        """The folder and the folders under it; their files move to the top (a guess:
        guesses.FOLDER_DELETE_MOVES_FILES). True when the guess acted: something was under it."""
        self.folder(folder_id)
        doomed = [folder_id]
        for ident in doomed:
            doomed += [c["id"] for c in self.children(ident)]
        for ident in doomed:
            del self.folders[ident]
        moved = [file for file in self.files.values() if file.get("folder_id") in doomed]
        for file in moved:
            file.pop("folder_id", None)
        self.changed()
        return bool(moved) or len(doomed) > 1

    def item_count(self, folder_id: str) -> int:
        return sum(1 for f in self.files.values() if f.get("folder_id") == folder_id)

    # files
    def file(self, file_id: str) -> Body:
        found = self.files.get(file_id)
        if found is None:
            raise not_found("file", file_id)
        return found

    def add_file(self, body: Body, kept: Body) -> Body:
        """Seed a file (from the state file): the fields a PUT sets, and the rest as given."""
        ident = str(kept.get("id") or self._new_id(self.files))
        if ident in self.files:
            raise ApiError.one(409, CONFLICT, f"#/id: {ident!r} is already used by another file.")
        folder = body.get("folder_id")
        if folder is not None:
            self.folder(folder)
        now = self._now()
        file = {"created_date": now, "modified_date": now, **kept, **body, "id": ident}
        self.files[ident] = file
        self.changed()
        return file

    def update_file(self, file_id: str, body: Body, clear_left_out: bool = True) -> Body:
        """A PUT: name, description and folder ("0": the top) as given; what it leaves out
        is cleared (the top, for the folder) by a guess (guesses.FILE_PUT_CLEARS), else kept."""
        file = self.file(file_id)
        folder = parent_of({"parent_id": body.get("folder_id")})
        if folder is not None:
            self.folder(folder)
        for name in ("name", "description", "folder_id"):
            if clear_left_out or name in body:
                file.pop(name, None)
        file.update({k: v for k, v in body.items() if v is not None and k != "folder_id"})
        if folder is not None:
            file["folder_id"] = folder
        file["modified_date"] = self._now()
        self.changed()
        return file
