"""Issue 22: bulkspot/types.py is what the registry makes of it (a kind's field added, renamed
or retyped in its spec changes the file, or this test fails), and each kind's TypedDict holds
exactly the spec's fields."""

from __future__ import annotations

from typing import get_type_hints

from bulkspot import types
from bulkspot.core import typegen, typegen_shapes
from bulkspot.core.resources import RESOURCES


def test_types_py_is_the_generated_text() -> None:
    """If this fails after a spec changed: `python -m bulkspot.core.typegen`."""
    assert typegen.TARGET.read_text(encoding="utf-8") == typegen.render()


def test_each_kinds_typed_dict_holds_the_specs_fields_and_its_path_ids() -> None:
    assert list(types.RESOURCE_TYPES) == list(RESOURCES)
    for kind, spec in RESOURCES.items():
        answered = {name for name, _ in typegen_shapes.ANSWER_ONLY.get(kind, ())}
        fields = set(get_type_hints(types.RESOURCE_TYPES[kind]))
        assert fields == {f.name for f in spec.fields} | answered, kind
        assert tuple(get_type_hints(types.PATH_IDS[kind])) == spec.path_ids, kind
    assert types.PATH_IDS["attribute"].__required_keys__ == {"event_id", "item_id"}


def test_the_nested_objects_are_typed_by_their_children() -> None:
    event = get_type_hints(types.Event)
    assert event["payment_address"] is event["address"] is types.Address
    assert set(get_type_hints(types.Address)) == {
        child.name for child in RESOURCES["event"].by_name["address"].children
    }
    assert get_type_hints(types.Item)["attributes"] == list[types.Attribute]
