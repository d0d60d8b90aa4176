"""MyLibrary file rows: each changes one file, named by its id (files are uploaded in
MyLibrary, never made from a sheet): its name, its description, and its folder, by path
(`folder`: Brochures/2026) or by id (`folder_id`; "0" moves it to the top)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import CellProblem, IdSource
from bulkspot.core.planners.base import Planner, Problems, Refs
from bulkspot.core.planners.folders import PATH_FIELD, folder_source, split_path


class FilePlanner(Planner):
    """Files by id; the folder to move one to by path or by id."""

    sheet_columns = (
        Column(
            Role.FOLDER.value,
            Role.FOLDER,
            PATH_FIELD,
            doc="the folder to move it to, by path from the top, e.g. Brochures/2026 "
            "(or give folder_id)",
        ),
    )

    defaulted = frozenset({"name"})  # a row changes a file: no column is needed but its id

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """The file's id, always: a sheet changes files, it cannot upload them."""
        return [("@id",)]

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        folder_id, path = values.pop("folder_id", None), values.pop("@folder", None)
        column = self.map.header_of("@folder") or Role.FOLDER.value
        if folder_id is not None and path is not None:
            problems.append(
                CellProblem(column, "give the folder by path or by folder_id, not both")
            )
        if path is not None:
            names, why = split_path(path)
            if why is not None:
                problems.append(CellProblem(column, why))
                return "", {}
            return "", {"folder_id": folder_source(names, {})}
        return "", {} if folder_id is None else self.path((("folder_id", folder_id),))

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        if create:
            column = self.map.header_of("@id") or "id"
            why = (
                "is required: a row changes the file with this id (files are uploaded in MyLibrary)"
            )
            problems.append(CellProblem(column, why))
        return None
