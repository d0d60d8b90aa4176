"""A kind's columns and a person's sheet: what `bulkspot columns` shows, the mapping file
it suggests for a sheet's headers, and the reading of such a file (--map @FILE)."""

from __future__ import annotations

from pathlib import Path

from bulkspot.core.columns import ColumnDoc, describe_columns, privileges_line
from bulkspot.core.header_hints import MappingFileError, parse_mapping

__all__ = [
    "ColumnDoc",
    "MappingFileError",
    "describe_columns",
    "mapping_suggestion",
    "parse_mapping",
    "privileges_line",
]


def mapping_suggestion(
    kind: str, path: Path, *, sheet: str | None, header_row: int | None, command: str
) -> str:
    """The mapping file for the sheet at `path`: how each of its headers would be read as
    `kind`, the others commented out with the closest columns; `command` is the import the
    file's comments show. Raises SourceError when the sheet cannot be read."""
    from datetime import UTC, datetime

    from bulkspot.core.header_hints import shop_mapping, suggest_mapping
    from bulkspot.core.mapping import header_namer, id_header
    from bulkspot.core.resources import spec_for
    from bulkspot.core.shops import recognise
    from bulkspot.sources import HeaderChoice, open_sheet

    choice = HeaderChoice(row=header_row, names=header_namer(kind))
    with open_sheet(path, sheet=sheet, header=choice, whole=id_header(kind)) as reader:
        headers, found_row = reader.headers, reader.header_row
    shop = recognise(spec_for(kind).kind, headers, datetime.now(UTC))
    if shop is not None:  # a shop's export is read as it is: no mapping needed
        return shop_mapping(shop, path.name, command, spec_for(kind).kind)
    return suggest_mapping(kind, headers, path.name, found_row, command)
