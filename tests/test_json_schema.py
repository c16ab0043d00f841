"""The JSON Schema from ``briefgen schema``: valid draft-07, and it agrees with briefgen.

Briefs are turned into JSON the way an editor's YAML 1.2 reader sees them (``1999`` a number,
``2026-11-30`` a string, ``no`` a string), then validated with the jsonschema library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from briefgen.build import Project
from briefgen.cli import main

from .conftest import SHIPPED

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"


def as_editor_sees(node: yaml.Node) -> Any:
    """YAML node → JSON value under YAML 1.2's core schema (what the YAML extension uses)."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: as_editor_sees(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_editor_sees(v) for v in node.value]
    value = node.value
    if node.tag == _NULL or (node.style is None and value in ("", "~", "null")):
        return None
    if node.style is None and value in ("true", "false"):
        return value == "true"
    if node.style is None and node.tag == _INT and value.lstrip("+-").isdigit():
        return int(value)
    if node.style is None and node.tag == _FLOAT:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def load(text: str) -> Any:
    return as_editor_sees(yaml.compose(text))


def messages(validator: jsonschema.Draft7Validator, instance: Any) -> list[str]:
    """Every error message, including those inside anyOf alternatives."""
    found: list[str] = []

    def walk(errors: Any) -> None:
        for error in errors:
            found.append(error.message)
            walk(error.context)

    walk(validator.iter_errors(instance))
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema)


def test_schema_is_valid_draft_07(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_shipped_brief_validates(validator: jsonschema.Draft7Validator) -> None:
    brief = load(SHIPPED.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(brief)] == []


def test_descriptions_come_from_the_models(schema: dict[str, Any]) -> None:
    assert schema["properties"]["title"]["description"] == "The brief's title."
    rec = schema["definitions"]["Recommendation"]["anyOf"][0]
    assert rec["properties"]["action"]["description"].startswith("The action, starting with")
    assert schema["definitions"]["Risk"]["required"] == ["title", "text", "likelihood", "impact"]


def test_vocabularies_are_enums_of_known_names(schema: dict[str, Any]) -> None:
    project = Project.load()
    # A brief's levels are those of the scheme it names: the schema offers every scheme's.
    levels = [n for scheme in project.schemes.values() for n in scheme.names]
    assert schema["properties"]["sensitivity"]["enum"] == list(dict.fromkeys(levels))
    assert schema["properties"]["marking"]["enum"] == list(project.schemes)
    sections = schema["properties"]["sections"]["anyOf"][0]
    assert "recommendations" in sections["propertyNames"]["enum"]
    include = schema["definitions"]["Audiences"]["properties"]["include"]["anyOf"][0]
    assert include["items"]["enum"] == list(project.profiles)
    assert "principal" in include["items"]["enum"]
    likelihood = schema["definitions"]["Judgment"]["anyOf"][0]["properties"]["likelihood"]
    assert likelihood["anyOf"][0]["enum"][0] == "almost no chance"


BASE = "title: T\ndate: 2026-01-15\nauthor: A\nsensitivity: public\nsummary: The bottom line.\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "titel: x\n", "Additional properties are not allowed ('titel' was unexpected)"),
        (BASE.replace("author: A\n", ""), "'author' is a required property"),
        (BASE.replace("public", "topsecret"), "'topsecret' is not one of"),
        (BASE + "key_judgments:\n  - text: X\n    likelihood: Likely\n", "'Likely' is not one of"),
        (BASE.replace("2026-01-15", "15/01/2026"), "does not match"),
        (BASE + "for: A\nto: B\n", "should not be valid"),
        (BASE.replace("title: T", 'title: " "'), "does not match '\\\\S'"),
        (BASE + "summary: []\n".replace("summary", "keywords") + "tables:\n  - id: t\n",
         "'caption' is a required property"),
    ],
    ids=["unknown", "missing", "level", "likelihood", "date", "for-and-to", "empty", "table"],
)
def test_broken_briefs_are_rejected(
    validator: jsonschema.Draft7Validator, text: str, message: str
) -> None:
    errors = messages(validator, load(text))
    assert any(message in e for e in errors), errors


def test_values_yaml_would_retype_are_text(validator: jsonschema.Draft7Validator) -> None:
    """Unquoted figures and words stay valid text, as briefgen reads them."""
    text = BASE.replace("author: A", "author: no") + (
        "subtitle: 1.10\ntables:\n  - id: t\n    caption: C\n    columns: [Year]\n"
        "    rows: [[1999], ['']]\n"
    )
    assert [e.message for e in validator.iter_errors(load(text))] == []


def test_shorthand_and_single_item_lists(validator: jsonschema.Draft7Validator) -> None:
    text = BASE + "recommendations: Approve it.\nkey_judgments:\n  - It will rain.\n"
    assert [e.message for e in validator.iter_errors(load(text))] == []


def test_init_writes_the_schema_the_modeline_names(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "memo")])
    assert result.exit_code == 0, result.stderr
    brief = (tmp_path / "memo.yaml").read_text(encoding="utf-8")
    assert brief.splitlines()[0] == "# yaml-language-server: $schema=briefgen.schema.json"
    schema = json.loads((tmp_path / "briefgen.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(load(brief))] == []
