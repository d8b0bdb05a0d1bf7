"""The JSON Schema (kehoach/1) is tested against the dataclasses it describes: every
dataclass of normalize.model has a $defs entry with exactly its fields, every property
has a description, the check object is defined once, and the $id is a real URI."""
import dataclasses
import json
from urllib.parse import urlparse

import jsonschema
import pytest

from normalize import model
from pipeline.cli import schema_text
from pipeline.writers import result_json
from tests.test_writers import sample_result, staff_list_result

SCHEMA = json.loads(schema_text())
#: $defs entry -> the dataclass it describes (the top level is Result).
DEFS = {
    "CellSource": model.CellSource, "Check": model.Check, "Citation": model.Citation,
    "Document": model.Document, "Fix": model.Fix, "FoundIn": model.FoundIn,
    "InferredNumber": model.InferredNumber, "ItemList": model.ItemList, "ListGroup": model.ListGroup,
    "OtherCell": model.OtherCell, "OtherTable": model.OtherTable, "Period": model.Period,
    "PlanRow": model.PlanRow, "PlanTable": model.PlanTable, "Producer": model.Producer,
    "SectionRef": model.SectionRef, "Source": model.Source, "Subtotal": model.Subtotal, "Total": model.Total,
}
#: Field names that the JSON spells differently (a Python keyword).
JSON_NAME = {"from_": "from"}


def json_fields(cls) -> set[str]:
    return {JSON_NAME.get(f.name, f.name) for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("name", sorted(DEFS))
def test_each_definition_has_exactly_its_dataclass_fields(name):
    definition = SCHEMA["$defs"][name]
    assert set(definition["properties"]) == json_fields(DEFS[name]), name
    assert set(definition.get("required", [])) <= set(definition["properties"])


def test_the_top_level_is_the_result_dataclass():
    assert set(SCHEMA["properties"]) == json_fields(model.Result)


def test_every_dataclass_of_the_model_is_defined():
    classes = {name for name, value in vars(model).items()
               if dataclasses.is_dataclass(value) and value.__module__ == model.__name__}
    assert classes - {"Money", "Result"} == set(DEFS)


def _properties(node, path=""):
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{path}.{name}", value
            yield from _properties(value, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from _properties(node[key], f"{path}[]")
        for name, value in node.get("$defs", {}).items():
            yield from _properties(value, name)


def test_every_property_and_definition_has_a_description():
    missing = [path for path, value in _properties(SCHEMA) if not value.get("description")]
    assert missing == []
    assert all(d.get("description") for d in SCHEMA["$defs"].values())


def test_the_check_object_is_defined_once_and_referenced():
    text = schema_text()
    assert text.count('"message_vi"') == 1
    assert SCHEMA["properties"]["checks"]["items"] == {"$ref": "#/$defs/Check"}
    assert SCHEMA["$defs"]["PlanTable"]["properties"]["checks"]["items"] == {"$ref": "#/$defs/Check"}


def test_the_id_is_a_uri_of_no_placeholder_domain():
    parsed = urlparse(SCHEMA["$id"])
    assert parsed.scheme == "urn" and "example" not in SCHEMA["$id"]
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_outputs_validate_and_name_their_producer():
    for result in (sample_result(), staff_list_result()):
        data = result_json(result)
        jsonschema.validate(data, SCHEMA)
        assert data["producer"]["name"] == "kehoach" and data["producer"]["version"]
        assert list(data)[:2] == ["schema", "producer"]


def test_the_schema_rejects_a_wrong_check():
    data = result_json(sample_result())
    data["checks"] = [{"check": "x", "ok": "yes", "severity": "error", "message": "", "where": {}}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
