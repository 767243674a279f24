"""Save then load is lossless (a hypothesis property over random projects), and saving is atomic:
FILE.bak keeps the previous version and a failure mid-write leaves the old file intact."""

from __future__ import annotations

import itertools
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import (
    Annotation,
    AnnotationKind,
    Channel,
    Journey,
    JourneyState,
    Lane,
    LaneKind,
    Metric,
    MetricKind,
    MetricSample,
    Persona,
    Project,
    Stage,
    Touchpoint,
    load_project,
    save_project,
)
from app.model import storage
from app.model.report import ReportSettings
from app.model.serialize import CURRENT_VERSION, project_to_dict
from app.model.vocabulary import FIVE_CS, KEY_COMPONENTS, OpportunityStatus

texts = st.text(max_size=24)
emotions = st.integers(-2, 2)


def _value(kind: MetricKind) -> st.SearchStrategy[float]:
    low, high = kind.value_range
    return st.floats(min_value=max(low, -1e12), max_value=min(high, 1e12), allow_nan=False, allow_infinity=False)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    counter = itertools.count()

    def nid() -> str:
        return f"id-{next(counter)}"

    project = Project(draw(texts), draw(st.sampled_from(["en", "fr-CA", "zh-Hans", "ar"])))
    project.report = ReportSettings(organisation=draw(texts), accent=draw(st.sampled_from(["", "#0a7c6e"])),
                                    footer=draw(texts), confidentiality=draw(texts), author=draw(texts),
                                    version=draw(texts))
    colors = st.one_of(st.just(""), st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True))
    for _ in range(draw(st.integers(0, 3))):
        project.add_persona(Persona(draw(texts), id=nid(), role=draw(texts), description=draw(texts),
                                    goals=draw(st.lists(texts, max_size=3)),
                                    frustrations=draw(st.lists(texts, max_size=3)),
                                    color=draw(colors)))
    persona_ids = [p.id for p in project.personas]
    for _ in range(draw(st.integers(1, 2))):
        j = project.add_journey(Journey(draw(texts), id=nid(), state=draw(st.sampled_from(list(JourneyState))),
                                        client=draw(texts), author=draw(texts), notes=draw(texts),
                                        date=draw(texts), logo=draw(texts)))
        for _ in range(draw(st.integers(0, 4))):
            j.add_stage(Stage(draw(texts), id=nid(), description=draw(texts),
                              width=draw(st.floats(0.25, 8.0)),
                              five_cs=draw(st.dictionaries(st.sampled_from(FIVE_CS), st.integers(1, 5))),
                              components=draw(st.dictionaries(st.sampled_from(KEY_COMPONENTS), st.integers(1, 5)))),
                        draw(st.integers(0, 4)))
        for _ in range(draw(st.integers(0, 4))):
            j.add_lane(Lane(draw(st.sampled_from(list(LaneKind))), draw(texts), id=nid(), hidden=draw(st.booleans())),
                       draw(st.integers(0, 4)))
        stages = j.stages()
        card_lanes = [ln for ln in j.lanes() if ln.kind.holds_cards]
        if stages and card_lanes:
            for _ in range(draw(st.integers(0, 10))):
                tp = Touchpoint(
                    draw(texts), id=nid(), description=draw(texts), channel=draw(st.sampled_from(list(Channel))),
                    owner=draw(texts), emotion=draw(st.none() | emotions), emotion_label=draw(texts),
                    persona_emotions=draw(st.dictionaries(st.sampled_from(persona_ids), emotions))
                    if persona_ids else {},
                    moment_of_truth=draw(st.booleans()), delight=draw(st.booleans()), notes=draw(texts),
                )
                j.add_touchpoint(tp, draw(st.sampled_from(stages)).id, draw(st.sampled_from(card_lanes)).id,
                                 draw(st.integers(0, 5)))
        tps = [t.id for t in j.touchpoints()]
        if len(tps) > 1:
            for a, b in draw(st.lists(st.tuples(st.sampled_from(tps), st.sampled_from(tps)), max_size=8)):
                if a != b and not j.graph.has_edge(a, b):
                    j.add_path(a, b, draw(texts))
        targets = [s.id for s in stages] + tps
        if targets:
            for _ in range(draw(st.integers(0, 5))):
                kind = draw(st.sampled_from(list(AnnotationKind)))
                extra = {"owner": draw(texts), "status": draw(st.sampled_from(list(OpportunityStatus)))} \
                    if kind is AnnotationKind.OPPORTUNITY else {}
                j.add_annotation(Annotation(kind, draw(texts), id=nid(), severity=draw(st.integers(1, 5)),
                                            votes=draw(st.integers(0, 99)), **extra),
                                 draw(st.sampled_from(targets)), draw(st.integers(0, 3)))
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(list(MetricKind)))
            sizes = st.none() | st.integers(0, 10**6)
            metric = Metric(
                kind, draw(texts), id=nid(), value=draw(st.none() | _value(kind)), unit=draw(texts),
                target=draw(st.none() | _value(kind)), higher_is_better=draw(st.booleans()),
                sample_size=draw(sizes), date=draw(texts), source=draw(texts),
                history=[MetricSample(draw(texts), draw(_value(kind)), draw(sizes))
                         for _ in range(draw(st.integers(0, 3)))],
            )
            j.add_metric(metric, draw(st.none() | st.sampled_from(targets)) if targets else None,
                         draw(st.integers(0, 3)))
    return project


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_save_then_load_is_lossless(project: Project) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.journey"
        save_project(project, path)
        loaded = load_project(path)
        assert project_to_dict(loaded) == project_to_dict(project)
        # and a second save writes exactly the same bytes
        again = Path(folder) / "again.journey"
        save_project(loaded, again)
        assert again.read_bytes() == path.read_bytes()


def test_large_numbers_round_trip(tmp_path: Path) -> None:
    project = Project("Big numbers")
    j = project.add_journey(Journey("J"))
    j.add_metric(Metric(MetricKind.CUSTOM, value=1e300, target=-1.5e308))
    j.add_metric(Metric(MetricKind.CLV, value=123456789012.5))
    save_project(project, tmp_path / "big.journey")
    assert project_to_dict(load_project(tmp_path / "big.journey")) == project_to_dict(project)


# ------------------------------------------------------------------ atomic save
def _project(title: str) -> Project:
    project = Project(title)
    j = project.add_journey(Journey(title))
    j.add_stage(Stage("Awareness"))
    return project


def test_save_keeps_the_previous_file_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(_project("First"), path)
    assert not (tmp_path / "map.journey.bak").exists()
    first = path.read_bytes()
    save_project(_project("Second"), path)
    assert (tmp_path / "map.journey.bak").read_bytes() == first
    assert load_project(path).title == "Second"
    save_project(_project("Third"), path)
    assert load_project(tmp_path / "map.journey.bak").title == "Second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.journey", "map.journey.bak"]


@pytest.mark.parametrize("failing", ["write", "fsync", "backup", "rename"])
def test_failure_mid_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       failing: str) -> None:
    path = tmp_path / "map.journey"
    save_project(_project("Old"), path)
    old = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fh: object) -> None:
                self.fh = fh

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> None:
                self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    elif failing == "fsync":
        monkeypatch.setattr(storage.os, "fsync", boom)
    elif failing == "backup":
        monkeypatch.setattr(storage.os, "replace", boom)
    else:  # the backup is made, then the final rename fails
        real_replace = os.replace

        def replace(src: str, dst: str | os.PathLike[str]) -> None:
            if Path(dst) == path:
                boom()
            real_replace(src, dst)

        monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(OSError, match="No space left"):
        save_project(_project("New"), path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert load_project(path).title == "Old"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("map.journey", "map.journey.bak")]
    assert leftovers == []


def test_unsaveable_value_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(_project("Old"), path)
    old = path.read_bytes()
    broken = _project("New")
    metric = broken.journey().add_metric(Metric(MetricKind.CUSTOM, value=1.0))
    metric.value = float("nan")  # bypasses validation on purpose
    with pytest.raises(ValueError):
        save_project(broken, path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.journey"]


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(_project("One"), path)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    path.chmod(0o640)
    save_project(_project("Two"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_saved_file_is_readable_utf8_json(tmp_path: Path) -> None:
    project = _project("Café 🛋️ Ёжик")
    save_project(project, tmp_path / "u.journey")
    raw = (tmp_path / "u.journey").read_bytes()
    assert "Café 🛋️ Ёжик".encode() in raw
    doc = json.loads(raw)
    assert (doc["format"], doc["version"]) == ("waymark-journey", CURRENT_VERSION)
