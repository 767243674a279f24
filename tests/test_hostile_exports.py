"""Exports of maps holding what people paste: no traceback, and a message when something is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.model import Annotation, AnnotationKind, ModelError, Persona, save_project
from app.model.synthetic import synthetic_project


def test_a_long_unbroken_word_in_a_table_exports(tmp_path: Path, capsys) -> None:
    project = synthetic_project(5)
    journey = project.journey()
    tp = journey.touchpoints()[0]
    journey.update(tp.id, title="W" * 3000, notes="N" * 8000)
    journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "x" * 5000, severity=5), tp.id)
    source = tmp_path / "long.journey"
    save_project(project, source)
    out = tmp_path / "long.pdf"
    assert main(["export", str(source), "-o", str(out), "--sections", "painpoints,notes"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Traceback" not in capsys.readouterr().err


def test_a_persona_colour_that_is_not_rrggbb_is_refused_at_the_model() -> None:
    with pytest.raises(ModelError, match="#RRGGBB"):
        Persona("Maya", color="red").validate()
    project = synthetic_project(3)
    maya = project.personas[0]
    with pytest.raises(ModelError, match="#RRGGBB"):
        project.update_persona(maya.id, color="rgb(1,2,3)")
    assert maya.color == ""
