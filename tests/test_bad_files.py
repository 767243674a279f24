"""The bad-file corpus: every malformed file gives a clear message naming the field, leaves the file alone,
and never hangs; the good-text set loads and survives a save unchanged."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from app.model import LoadError, load_project, save_project
from app.model import storage
from app.model.serialize import project_to_dict
from app.model.storage import MAX_FILE_BYTES, load_bytes

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
HANG_GUARD_S = 10.0  # not a speed test: a file that takes this long is treated as a hang


def _expected() -> list[tuple[str, str, str]]:
    rows = []
    for line in (BAD / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, path, fragment = line.split("\t")
            rows.append((name, path, fragment))
    return rows


EXPECTED = _expected()


def test_corpus_is_complete() -> None:
    files = {p.name for p in BAD.glob("*.journey")}
    listed = {name for name, _, _ in EXPECTED}
    assert files == listed
    assert len(files) >= 25


@pytest.mark.parametrize(("name", "path", "fragment"), EXPECTED, ids=[row[0] for row in EXPECTED])
def test_bad_file_gives_a_clear_message(name: str, path: str, fragment: str) -> None:
    file = BAD / name
    before = file.read_bytes()
    mtime = file.stat().st_mtime_ns
    start = time.monotonic()
    with pytest.raises(LoadError) as caught:
        load_project(file)
    assert time.monotonic() - start < HANG_GUARD_S
    error = caught.value
    if path:
        messages = [p.message for p in error.problems if p.path == path]
        assert messages, f"no problem at {path}: {error.message()}"
        assert any(fragment in m for m in messages), error.message()
    else:
        assert any(fragment in str(p) for p in error.problems), error.message()
    text = error.message()
    assert "Traceback" not in text
    # every line names the file, then (when there is one) the field path
    for line in text.splitlines():
        assert line.startswith(f"{file}: ")
    if path:
        assert f"{file}: {path}: " in text
    assert file.read_bytes() == before
    assert file.stat().st_mtime_ns == mtime
    assert not list(BAD.glob(f".{name}*")), "a temporary file was left beside the bad file"


def test_file_over_the_size_limit_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.journey"
    with big.open("wb") as fh:  # sparse: the limit is checked before a byte is read
        fh.write(b'{"format": "waymark-journey", "version": 1, "title": "')
        fh.truncate(MAX_FILE_BYTES + 1)
    size = big.stat().st_size
    start = time.monotonic()
    with pytest.raises(LoadError) as caught:
        load_project(big)
    assert time.monotonic() - start < HANG_GUARD_S
    assert "the file is 256.1 MB; the limit is 256 MB" in caught.value.message()
    assert big.stat().st_size == size
    # the same limit holds when the bytes come from elsewhere (a drop, the clipboard)
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 1000)
    with pytest.raises(LoadError, match="at most 1 KB"):
        load_bytes(b"{" + b" " * 2000 + b"}", "dropped")


def test_large_string_under_the_file_limit_is_refused_by_field(tmp_path: Path) -> None:
    doc = json.loads((GOOD / "markup.journey").read_text(encoding="utf-8"))
    doc["journeys"][0]["touchpoints"][0]["description"] = "é" * 5_000_000
    file = tmp_path / "long.journey"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_project(file)
    assert [p.path for p in caught.value.problems] == ["journeys[0].touchpoints[0].description"]
    assert "5,000,000 characters" in caught.value.message()


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load_project(tmp_path / "nope.journey")
    with pytest.raises(LoadError, match="is a folder"):
        load_project(tmp_path)


def test_many_problems_are_listed_up_to_a_limit() -> None:
    doc = json.loads((GOOD / "markup.journey").read_text(encoding="utf-8"))
    tp = doc["journeys"][0]["touchpoints"][0]
    doc["journeys"][0]["touchpoints"] = [dict(tp, id=f"t{i}", emotion=9) for i in range(200)]
    with pytest.raises(LoadError) as caught:
        load_bytes(json.dumps(doc).encode(), "many.journey")
    problems = caught.value.problems
    assert len(problems) == 50
    assert problems[0].path == "journeys[0].touchpoints[0].emotion"
    assert problems[1].path == "journeys[0].touchpoints[1].emotion"


def _strings(value: Any, path: str = "") -> dict[str, str]:
    """Every text leaf of a JSON document by its field path."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(_strings(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.update(_strings(item, f"{path}[{i}]"))
    elif isinstance(value, str):
        out[path] = value
    return out


GOOD_FILES = sorted(p.name for p in GOOD.glob("*.journey"))


@pytest.mark.parametrize("name", GOOD_FILES)
def test_good_file_round_trips_unchanged(name: str, tmp_path: Path) -> None:
    project = load_project(GOOD / name)
    saved = tmp_path / name
    save_project(project, saved)
    again = load_project(saved)
    assert project_to_dict(again) == project_to_dict(project)
    # every text of the original file is in the saved file, at the same place, byte for byte
    original = json.loads((GOOD / name).read_bytes().decode("utf-8-sig"))
    written = json.loads(saved.read_text(encoding="utf-8"))
    if original["version"] == 1:
        before, after = _strings(original), _strings(written)
        for path, text in before.items():
            assert after.get(path) == text, path
    # and the file is plain UTF-8, not \u escapes
    raw = saved.read_text(encoding="utf-8")
    for text in _strings(written).values():
        if "\n" not in text and '"' not in text and "\\" not in text and "\t" not in text:
            assert text in raw


def test_unicode_texts_are_what_they_seem() -> None:
    journeys = {name: load_project(GOOD / f"{name}.journey").journey() for name in ("markup", "emoji", "rtl", "cjk")}
    assert journeys["markup"].title == 'Tom & Jerry\'s "quote" <br/>'
    assert journeys["emoji"].touchpoints()[0].title == "❤️\u200d🔥 Loves it"
    assert journeys["emoji"].stages()[0].name == "🇬🇧 UK only"
    assert "\u200f" in journeys["rtl"].notes
    assert journeys["cjk"].stages()[0].name == "고객 여정 지도"


def test_version0_file_is_migrated() -> None:
    project = load_project(GOOD / "version0.journey")
    journey = project.journey()
    assert [t.emotion for t in journey.touchpoints()] == [1, -1]  # 4 and 2 on the old 1..5 scale
    assert len(project.journeys) == 1


@pytest.mark.parametrize("written", ['"1"', '"1.0"', "1.0", '" 1 "'])
def test_version_written_as_text_or_decimal_loads(written: str, tmp_path: Path) -> None:
    text = (GOOD / "markup.journey").read_text(encoding="utf-8")
    file = tmp_path / "old.journey"
    file.write_text(text.replace('"version": 1,', f'"version": {written},', 1), encoding="utf-8")
    assert load_project(file).journey().touchpoints()


@pytest.mark.parametrize("written", ['"0"', '"0.0"', "0.0"])
def test_version0_written_as_text_or_decimal_is_migrated(written: str, tmp_path: Path) -> None:
    text = (GOOD / "version0.journey").read_text(encoding="utf-8")
    file = tmp_path / "old.journey"
    file.write_text(text.replace('"version": 0,', f'"version": {written},', 1), encoding="utf-8")
    assert [t.emotion for t in load_project(file).journey().touchpoints()] == [1, -1]


def test_the_python_digit_limit_never_reaches_the_user(tmp_path: Path) -> None:
    text = (GOOD / "markup.journey").read_text(encoding="utf-8")
    file = tmp_path / "digits.journey"
    file.write_text(text.replace('"votes": ', '"votes": ' + "8" * 6000 + ", \"x\": ", 1), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_project(file)
    message = caught.value.message()
    assert "a 6,000-digit number is out of range" in message and "pain_points[0].votes" in message
    assert "int_max_str_digits" not in message and "4300" not in message
