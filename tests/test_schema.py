"""The published JSON Schema agrees with Waymark's own checks: what Waymark writes validates against it,
and malformed files are rejected by it too (except the id and reference rules it cannot express)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from test_roundtrip import projects

from app.model import Channel, JourneyState, LaneKind, MetricKind, Project
from app.model.sample import SAMPLE_PATH
from app.model.serialize import project_to_dict
from app.model.templates import TEMPLATES, build_template

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "resources" / "schema" / "journey.schema.json"
DATA = Path(__file__).parent / "data"

# bad files whose problem only Waymark sees: ids, references, lane kinds of cards, path loops,
# text that is not valid Unicode, numbers beyond a 64-bit float (files that are not JSON are skipped)
NOT_EXPRESSIBLE = {
    "dangling-stage", "dangling-lane", "dangling-attached-to", "dangling-metric-attached-to", "dangling-path",
    "duplicate-id", "duplicate-persona-id", "touchpoint-in-emotion-lane", "persona-emotion-missing-persona",
    "path-to-itself", "lone-surrogate", "number-overflow",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_sample_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_templates_validate(validator: jsonschema.Draft202012Validator, name: str) -> None:
    assert _errors(validator, project_to_dict(build_template(name))) == []


@pytest.mark.parametrize("name", ["markup", "cyrillic", "cjk", "emoji", "rtl"])
def test_good_files_validate(validator: jsonschema.Draft202012Validator, name: str) -> None:
    doc = json.loads((DATA / "good" / f"{name}.journey").read_text(encoding="utf-8"))
    assert _errors(validator, doc) == []


def test_the_docs_example_validates(validator: jsonschema.Draft202012Validator) -> None:
    text = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    assert _errors(validator, json.loads(example)) == []


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _bad_documents() -> list[tuple[str, Any]]:
    docs = []
    for path in sorted((DATA / "bad").glob("*.journey")):
        try:
            docs.append((path.stem, json.loads(path.read_bytes().decode("utf-8"), parse_constant=_refuse)))
        except (ValueError, RecursionError):
            continue  # not JSON at all: nothing for a schema to check
    return docs


BAD_DOCS = _bad_documents()


def test_bad_files_are_rejected_by_the_schema_too(validator: jsonschema.Draft202012Validator) -> None:
    passing = {name for name, doc in BAD_DOCS if not _errors(validator, doc)}
    assert passing == NOT_EXPRESSIBLE
    assert len(BAD_DOCS) - len(passing) >= 25


def test_vocabularies_match_the_model() -> None:
    defs = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]
    assert defs["touchpoint"]["properties"]["channel"]["enum"] == [c.value for c in Channel]
    assert defs["lane"]["properties"]["kind"]["enum"] == [k.value for k in LaneKind]
    assert defs["metric"]["properties"]["kind"]["enum"] == [k.value for k in MetricKind]
    assert defs["journey"]["properties"]["state"]["enum"] == [s.value for s in JourneyState]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_everything_waymark_writes_validates(project: Project) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(project_to_dict(project))]
    assert errors == []
