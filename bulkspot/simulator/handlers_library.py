"""MyLibrary folders and files, and contact lists: their collections, creates and PUTs.

Order of checks, as for EventSpot: the path's ids (404), the body (400, every problem),
then what needs the data (an unknown parent 404, too deep 400, a name in use 409).
Folders and files are paged (limit 1-1000, 50 by default); lists are a bare array.
"""

from __future__ import annotations

from typing import Any

from bulkspot.simulator import rules_library as rules
from bulkspot.simulator.calls import Answer, Call, page_answer, page_request
from bulkspot.simulator.guesses import FILE_PUT_CLEARS, FOLDER_DELETE_MOVES_FILES
from bulkspot.simulator.library import Library
from bulkspot.simulator.records import Body
from bulkspot.simulator.schema import parse_instant

LIBRARY_PAGE = 1000
CLEARED = ("description", "folder_id")  # what a file PUT that leaves them out clears (a guess)
FOLDER_ORDER = ("id", "name", "level", "children", "item_count", "parent_id", "modified_date",
                "created_date")  # fmt: skip
FILE_ORDER = ("name", "id", "description", "folder", "height", "width", "size", "url", "source",
              "status", "thumbnail", "created_date", "modified_date", "folder_id", "is_image",
              "file_type")  # fmt: skip
SORTS = {  # sort_by -> (key, descending); creation order stands in for created_date
    "CREATED_DATE_DESC": (None, True),
    "CREATED_DATE": (None, False),
    "NAME": (lambda f: f["name"].casefold(), False),
    "NAME_DESC": (lambda f: f["name"].casefold(), True),
}


def _library(call: Call) -> Library:
    return call.store.library


def _folder(library: Library, data: Body, depth: int = 1) -> Body:
    """A folder as the API shows it: its sub-folders in `children` (one level)."""
    body = dict(data, item_count=library.item_count(data["id"]))
    kids = library.children(data["id"]) if depth else []
    body["children"] = [_folder(library, kid, depth - 1) for kid in kids]
    return {key: body[key] for key in FOLDER_ORDER if body.get(key) is not None}


def _file(library: Library, data: Body) -> Body:
    body = dict(data)
    folder = library.folders.get(str(data.get("folder_id")))
    body["folder"] = folder["name"] if folder is not None else None
    shown = {key: body[key] for key in FILE_ORDER if body.get(key) is not None}
    shown.setdefault("folder_id", None)  # the fixtures show a file at the top with null
    return shown


def _payload_wanted(call: Call) -> bool:
    """`include_payload` (default true): 200 with the resource, false: 204 without. Read
    before the change, so that a 400 for it changes nothing."""
    flag = call.query.get("include_payload", "true").lower()
    if flag not in ("true", "false"):
        call.query_error(f"include_payload: must be true or false (got {flag!r})")
    return flag != "false"


def _answer(wanted: bool, answer: Body) -> Answer:
    return (200, answer) if wanted else (204, None)


def list_folders(call: Call) -> Answer:
    start, limit, filters = page_request(call, ("sort_by",), most=LIBRARY_PAGE)
    sort = filters.get("sort_by", "CREATED_DATE_DESC").upper()
    if sort not in SORTS:
        call.query_error(f"sort_by: must be one of {', '.join(SORTS)} (got {sort!r})")
        sort = "CREATED_DATE_DESC"
    library = _library(call)
    by, reverse = SORTS[sort]
    folders: list[Any] = list(library.folders.values())
    if by is not None:
        folders.sort(key=by)
    if reverse:
        folders.reverse()
    render = lambda f: _folder(library, f)  # noqa: E731
    return page_answer(folders, render, start, limit, "/v2/library/folders", filters)


def create_folder(call: Call) -> Answer:
    body = rules.FOLDER_CREATE.validate(call.body, call.guesses)
    library = _library(call)
    return 201, _folder(library, library.create_folder(body))


def get_folder(call: Call) -> Answer:
    library = _library(call)
    return 200, _folder(library, library.folder(call.ids[0]))


def update_folder(call: Call) -> Answer:
    library = _library(call)
    library.folder(call.ids[0])
    body = rules.FOLDER_UPDATE.validate(call.body, call.guesses)
    wanted = _payload_wanted(call)
    return _answer(wanted, _folder(library, library.update_folder(call.ids[0], body)))


def delete_folder(call: Call) -> Answer:
    if _library(call).delete_folder(call.ids[0]):
        call.acted = FOLDER_DELETE_MOVES_FILES
    return 204, None


def list_files(call: Call) -> Answer:
    start, limit, filters = page_request(call, most=LIBRARY_PAGE)
    library = _library(call)
    files = list(library.files.values())
    render = lambda f: _file(library, f)  # noqa: E731
    return page_answer(files, render, start, limit, "/v2/library/files", filters)


def get_file(call: Call) -> Answer:
    library = _library(call)
    return 200, _file(library, library.file(call.ids[0]))


def update_file(call: Call) -> Answer:
    library = _library(call)
    library.file(call.ids[0])
    body = rules.FILE.validate(call.body, call.guesses)
    wanted = _payload_wanted(call)
    held = library.file(call.ids[0])
    if call.guesses and any(held.get(name) and name not in body for name in CLEARED):
        call.acted = FILE_PUT_CLEARS
    file = library.update_file(call.ids[0], body, clear_left_out=call.guesses)
    return _answer(wanted, _file(library, file))


LIST_ORDER = ("id", "name", "status", "created_date", "modified_date", "contact_count")


def _list(data: Body) -> Body:
    return {key: data[key] for key in LIST_ORDER if data.get(key) is not None}


def list_lists(call: Call) -> Answer:
    """A bare array; `modified_since` filters it as it does events and campaigns."""
    found: list[Body] = list(call.store.lists.lists.values())
    since = call.since({k: v for k, v in call.query.items() if k == "modified_since"})
    if since is not None:
        found = [e for e in found if (parse_instant(e["modified_date"]) or since) >= since]
    return 200, [_list(entry) for entry in found]


def create_list(call: Call) -> Answer:
    body = rules.LIST.validate(rules.unblanked(call.body), call.guesses)
    body.setdefault("status", "ACTIVE")
    return 201, _list(call.store.lists.create(body))


def get_list(call: Call) -> Answer:
    return 200, _list(call.store.lists.get(call.ids[0]))


def replace_list(call: Call) -> Answer:
    call.store.lists.get(call.ids[0])
    body = rules.LIST.validate(rules.unblanked(call.body), call.guesses)
    return 200, _list(call.store.lists.replace(call.ids[0], body))


def delete_list(call: Call) -> Answer:
    call.store.lists.delete(call.ids[0])
    return 204, None
