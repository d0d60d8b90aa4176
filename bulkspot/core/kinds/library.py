"""MyLibrary folders and files, and contact lists."""

from __future__ import annotations

import re

from bulkspot.core.idshape import NUMBER_ID
from bulkspot.core.spec import (
    Field,
    FieldType,
    ResourceSpec,
    SheetSpec,
    choice,
    read_only,
    text,
    writes,
)

LATIN_1 = re.compile(r"[\u0020-\u007e\u00a0-\u00ff]+")  # ISO-8859-1's printable characters
NO_PARENT = "0"  # a scoping id (a folder's parent_id) that means "at the top"
MAX_FOLDER_LEVEL = 3

FOLDER = ResourceSpec(
    kind="folder",
    id_shape=NUMBER_ID,
    privileges={"POST": "mylibrary:folder:create", "PUT": "mylibrary:folder:update",
                "DELETE": "mylibrary:folder:delete"},
    plural="folders",
    collection_path="library/folders",
    item_path="library/folders/{id}",
    natural_key="name",
    parent=None,
    paged=True,
    largest_page=1000,  # limit 1-1000 on MyLibrary's collections [DOC]
    body_ids={"parent_id": "folder"},
    key_scope="parent_id",  # a name is unique among the folders of one parent
    sheet=SheetSpec(
        planner="folders:FolderPlanner",
        aliases={
            "id": ("Folder ID",),
            "name": ("Folder", "Folder Name"),
            "parent": ("Parent Folder", "Parent Path", "Path"),
            "parent_id": ("Parent Folder ID",),
        },
        exported={"parent": "path.parent_id"},  # without ids: the parent by path
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=40, pattern=LATIN_1,
           pattern_hint="ISO-8859-1 (Latin-1) characters only",
           doc="at most 40 characters; unique in its parent folder"),
        text("parent_id", min_length=1, id_of="folder",
             doc='the parent folder\'s id; "0" or blank: the top'),
        read_only("level", FieldType.INTEGER),
        read_only("item_count", FieldType.INTEGER),
        read_only("created_date", FieldType.DATETIME),
        read_only("modified_date", FieldType.DATETIME),
    ),
)  # fmt: skip

FILE = ResourceSpec(
    kind="file",
    id_shape=NUMBER_ID,
    privileges={"PUT": "mylibrary:file:update"},
    plural="files",
    collection_path="library/files",
    item_path="library/files/{id}",
    natural_key=None,  # files are uploaded, not made from a sheet: a row changes one by id
    parent=None,
    paged=True,
    largest_page=1000,  # limit 1-1000 on MyLibrary's collections [DOC]
    can_delete=False,
    unique_key=False,
    body_ids={"folder_id": "folder"},
    sheet=SheetSpec(
        planner="files:FilePlanner",
        aliases={
            "id": ("File ID",),
            "name": ("File", "File Name"),
            "folder": ("Folder Path", "Move To"),
        },
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1),
        text("description"),
        text("folder_id", min_length=1, id_of="folder", doc="the folder to move it to"),
        *(read_only(name) for name in ("folder", "url", "source", "status", "file_type")),
        *(read_only(name, FieldType.INTEGER) for name in ("height", "width", "size")),
        read_only("is_image", FieldType.BOOLEAN),
        Field("thumbnail", FieldType.OBJECT, read_only=True),
        read_only("created_date", FieldType.DATETIME),
        read_only("modified_date", FieldType.DATETIME),
    ),
)

LIST_STATUSES = ("ACTIVE", "HIDDEN")
CONTACT_LIST = ResourceSpec(
    kind="list",
    id_shape=NUMBER_ID,
    privileges=writes("contacts:lists:write", "POST PUT DELETE"),
    plural="lists",
    collection_path="lists",
    item_path="lists/{id}",
    natural_key="name",
    parent=None,
    members_count="contact_count",  # contacts someone added: deleting the list drops them
    sheet=SheetSpec(
        aliases={"id": ("List ID",), "name": ("List", "List Name"), "status": ("List Status",)},
        case_twins_warned=True,  # "Members" and "members": two lists to the API
        held_twins_warned=True,
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, doc="unique in the account"),
        choice("status", LIST_STATUSES, doc="HIDDEN lists are not offered for sign-up"),
        read_only("contact_count", FieldType.INTEGER),
        read_only("created_date", FieldType.DATETIME),
        read_only("modified_date", FieldType.DATETIME),
    ),
)

SPECS = (FOLDER, FILE, CONTACT_LIST)
REGISTRY_PLACE = 3
