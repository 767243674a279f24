"""CSV and Excel tables: round trips, spreadsheet edits coming back, unknown columns, bad rows and files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.formats import FormatError, export_journey, import_project
from app.formats.table import COLUMNS
from app.formats.table_codec import format_metric, parse_metric
from app.model import Journey, Lane, LaneKind, Metric, MetricKind, MetricSample, Project, Stage, Touchpoint
from app.model import load_project
from app.model.serialize import journey_to_dict, project_to_dict
from app.model.synthetic import synthetic_project
from app.model.validation import validate_document

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "online-retailer.journey"


def content(project: Project, journey: Journey) -> dict:
    """Everything a table carries, with ids replaced by names so that two imports compare equal."""
    names = {p.id: p.name for p in project.personas}
    d = journey_to_dict(journey)
    stage = {s["id"]: s["name"] for s in d["stages"]}
    lane = {ln["id"]: (ln["title"], ln["kind"], ln["hidden"]) for ln in d["lanes"]}
    tps = {t["id"]: t["title"] for t in d["touchpoints"]}

    def target(ref: str | None) -> str | None:
        return None if ref is None else stage.get(ref) or tps[ref]

    return {
        "title": d["title"], "notes": d["notes"],
        "stages": [(s["name"], s["description"]) for s in d["stages"]],
        "lanes": [lane[ln["id"]] for ln in d["lanes"]],
        "touchpoints": [
            (stage[t["stage"]], lane[t["lane"]], t["title"], t["description"], t["channel"], t["owner"], t["emotion"],
             t["emotion_label"], sorted((names[k], v) for k, v in t["persona_emotions"].items()),
             t["moment_of_truth"], t["delight"], t["notes"]) for t in d["touchpoints"]],
        "annotations": [(a["text"], a["severity"], a["votes"], target(a["attached_to"]))
                        for a in d["pain_points"] + d["opportunities"]],
        "metrics": [({k: v for k, v in m.items() if k not in ("id", "attached_to")}, target(m["attached_to"]))
                    for m in d["metrics"]],
    }


def projects() -> list[tuple[str, Project]]:
    found = [("synthetic", synthetic_project(80, seed=3))]
    if SAMPLE.exists():
        found.append(("online-retailer", load_project(SAMPLE)))
    return found


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(("name", "project"), projects(), ids=lambda v: v if isinstance(v, str) else "")
def test_round_trip_gives_the_same_journey(tmp_path: Path, suffix: str, name: str, project: Project) -> None:
    for journey in project.journeys:
        out = tmp_path / f"table{suffix}"
        export_journey(project, journey, out)
        warnings: list[str] = []
        again = import_project(out, warnings)
        assert warnings == []
        assert validate_document(project_to_dict(again)) == []
        assert content(again, again.journey()) == content(project, journey)


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def small_project() -> tuple[Project, Journey]:
    project = Project("Café")
    j = project.add_journey(Journey("Morning coffee"))
    s1, s2 = j.add_stage(Stage("Arrive")), j.add_stage(Stage("Pay"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.EMOTION))
    j.add_touchpoint(Touchpoint("=HYPERLINK(\"x\")", emotion=1), s1.id, lane.id)
    j.add_touchpoint(Touchpoint("Queue", emotion=-1), s1.id, lane.id)
    j.add_touchpoint(Touchpoint("Card payment", emotion=0), s2.id, lane.id)
    return project, j


def test_a_spreadsheet_edit_comes_back(tmp_path: Path) -> None:
    project, journey = small_project()
    out = tmp_path / "map.csv"
    export_journey(project, journey, out)
    rows = read_rows(out)
    header = rows[0]
    col = {name: header.index(name) for name in COLUMNS}
    queue = next(r for r in rows if r[col["Title"]] == "Queue")
    queue[col["Emotion"]] = "-2"
    queue[col["Order"]] = "0"  # move it before the first card
    queue[col["Pain points"]] = "S5 (4 votes): The queue is out of the door\nNo seats"
    write_rows(out, rows)
    j = import_project(out).journey()
    arrive = j.stages()[0]
    assert [t.title for t in j.touchpoints(arrive.id)] == ["Queue", '=HYPERLINK("x")']
    queue_tp = j.find("Queue")
    assert queue_tp.emotion == -2
    assert [(a.text, a.severity, a.votes) for a in j.pain_points(queue_tp.id)] == [
        ("The queue is out of the door", 5, 4), ("No seats", 3, 0)]


def test_csv_guards_formulas_and_reads_them_back(tmp_path: Path) -> None:
    project, journey = small_project()
    out = tmp_path / "map.csv"
    export_journey(project, journey, out)
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
    assert import_project(out).journey().find('=HYPERLINK("x")') is not None


def test_every_text_cell_is_guarded_metrics_and_persona_emotions_included(tmp_path: Path) -> None:
    from app.model import Persona

    project, journey = small_project()
    maya = project.add_persona(Persona("=cmd|' /C calc'!A0"))
    stage = journey.stages()[1]
    tab = journey.add_touchpoint(Touchpoint("\tTabbed", persona_emotions={maya.id: 2}), stage.id,
                                 journey.card_lane().id)
    journey.add_touchpoint(Touchpoint("\rReturned", emotion=-2), stage.id, journey.card_lane().id)
    journey.add_metric(Metric(MetricKind.CUSTOM, "@SUM(A1)", value=3.0), tab.id)
    journey.add_metric(Metric(MetricKind.CUSTOM, "+Cost", value=-4.0))
    out = tmp_path / "map.csv"
    export_journey(project, journey, out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    col = {name: i for i, name in enumerate(COLUMNS)}
    dangerous = [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [c for c in dangerous if not c.lstrip("+-").isdigit()] == []  # only plain numbers (-2) start so
    cells = [c for r in rows for c in r]
    assert "'\tTabbed" in cells and "'\rReturned" in cells
    assert any(c.startswith("'=cmd") for c in cells)  # the Persona emotions column
    assert any(c.startswith("'@SUM(A1)") for c in cells)  # the Metrics column of a touchpoint
    assert any(c.startswith("'+Cost") for c in cells)  # the journey's Metrics cell
    assert [r[col["Emotion"]] for r in rows if r[col["Title"]] == "'\rReturned"] == ["-2"]
    back = import_project(out)
    assert back.personas[0].name == "=cmd|' /C calc'!A0"
    names = {m.name for m in back.journey().metrics()}
    assert {"@SUM(A1)", "+Cost"} <= names


def test_xlsx_is_a_readable_workbook_with_text_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    project, journey = small_project()
    out = tmp_path / "map.xlsx"
    export_journey(project, journey, out)
    book = load_workbook(out)
    sheet = book.active
    assert sheet.title == "Morning coffee"
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "A2"
    formula_cell = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert formula_cell.data_type == "s"


def test_semicolon_separated_csv_from_a_european_spreadsheet(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "eu.csv", [["Stage", "Title", "Emotion", "Channel"],
                                            ["Visit", "Walk in", "+1", "In-store"],
                                            ["Visit", "Ask staff", "-1", "phone"]], delimiter=";")
    j = import_project(path).journey()
    assert [(t.title, t.emotion, t.channel.value) for t in j.touchpoints()] == [
        ("Walk in", 1, "in_store"), ("Ask staff", -1, "phone")]
    assert j.title == "eu"


def test_unknown_columns_are_reported_and_kept_in_notes(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "extra.csv", [["Stage", "Title", "Cost centre", "Emotion", "Team size"],
                                               ["Visit", "Walk in", "CC-12", "0", "4"]])
    warnings: list[str] = []
    j = import_project(path, warnings).journey()
    assert len(warnings) == 1
    assert "'Cost centre'" in warnings[0] and "'Team size'" in warnings[0]
    assert j.find("Walk in").notes == "Cost centre: CC-12\nTeam size: 4"


def test_unknown_channel_is_warned_and_kept(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "ch.csv", [["Stage", "Title", "Channel"], ["Visit", "Fax us", "Fax"]])
    warnings: list[str] = []
    tp = import_project(path, warnings).journey().find("Fax us")
    assert tp.channel.value == "other" and "Channel: Fax" in tp.notes
    assert warnings and warnings[0].startswith("row 2, Channel")


@pytest.mark.parametrize(("cell_column", "value", "words"), [
    ("Emotion", "happy", "'happy' is not an emotion score"),
    ("Emotion", "3", "3 is not an emotion score"),
    ("Moment of truth", "maybe", "'maybe' is not yes or no"),
    ("Pain points", "S9: far too bad", "from S1 to S5"),
    ("Metrics", "NPS: lots", "'lots'"),
    ("Metrics", "NPS: 300", "from -100 to 100"),
    ("Persona emotions", "Maya", "persona name: score"),
    ("Order", "first", "not a number"),
])
def test_bad_cells_name_row_and_column(tmp_path: Path, cell_column: str, value: str, words: str) -> None:
    rows = [["Stage", "Title", cell_column], ["Visit", "Walk in", ""], ["Visit", "Ask staff", value]]
    with pytest.raises(FormatError) as err:
        import_project(write_rows(tmp_path / "bad.csv", rows))
    assert err.value.row == 3 and err.value.field == cell_column
    assert words in str(err.value)
    assert f"row 3, {cell_column}" in str(err.value)


def test_several_bad_rows_are_all_listed(tmp_path: Path) -> None:
    rows = [["Stage", "Title", "Emotion"], ["A", "x", "9"], ["A", "y", "0"], ["", "z", "1"], ["A", "", "1"]]
    with pytest.raises(FormatError) as err:
        import_project(write_rows(tmp_path / "bad.csv", rows))
    message = str(err.value)
    assert "row 2, Emotion" in message and "row 4, Stage" in message and "row 5, Title" in message


@pytest.mark.parametrize(("rows", "words"), [
    ([["Name", "Score"], ["x", "1"]], "no Stage or Title column"),
    ([["Stage", "Title", "title"], ["a", "b", "c"]], "appears twice"),
    ([], "empty"),
])
def test_bad_headers(tmp_path: Path, rows: list[list[str]], words: str) -> None:
    with pytest.raises(FormatError, match=words):
        import_project(write_rows(tmp_path / "h.csv", rows))


def test_not_xlsx_bytes(tmp_path: Path) -> None:
    for name, data in (("text.xlsx", b"Stage,Title\nA,B\n"), ("broken.xlsx", b"PK\x03\x04 this is not a zip")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FormatError) as err:
            import_project(path)
        assert "not" in str(err.value) and name in str(err.value)


def test_xlsx_from_another_tool_with_numbers_and_booleans(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Journey")
    sheet.append(["Stage", "Title", "Emotion", "Moment of truth", "Order"])
    sheet.append(["Buy", "Checkout", 2.0, True, 1])
    sheet.append(["Buy", "Receipt", -1, False, 2])
    path = tmp_path / "other.xlsx"
    book.save(path)
    warnings: list[str] = []
    j = import_project(path, warnings).journey()
    assert [(t.title, t.emotion, t.moment_of_truth) for t in j.touchpoints()] == [
        ("Checkout", 2, True), ("Receipt", -1, False)]
    assert "only 'Journey' was imported" in warnings[0]


def test_export_refuses_unknown_suffix(tmp_path: Path) -> None:
    project, journey = small_project()
    with pytest.raises(FormatError, match="cannot export to .doc"):
        export_journey(project, journey, tmp_path / "map.doc")
    assert not (tmp_path / "map.doc").exists()


def test_metric_cell_encoding() -> None:
    m = Metric(MetricKind.CUSTOM, "Time to value", value=3.5, unit="days", target=2, higher_is_better=False,
               sample_size=40, date="2026-09-30", source="CRM export",
               history=[MetricSample("2026-06-30", 4.0, 35), MetricSample("2026-03-31", 5.0)])
    text = format_metric(m)
    assert text == ("Time to value: 3.5 days (target 2 days; lower is better; n=40; 2026-09-30; source CRM export; "
                    "history 2026-06-30=4 n=35, 2026-03-31=5)")
    back = parse_metric(text)
    assert (back.kind, back.name, back.value, back.unit, back.target, back.higher_is_better, back.sample_size,
            back.date, back.source, back.history) == (m.kind, m.name, m.value, m.unit, m.target, False, 40,
                                                       m.date, m.source, m.history)
    assert format_metric(Metric(MetricKind.NPS, value=12, target=30)) == "NPS: 12 (target 30)"
    assert format_metric(Metric(MetricKind.CSAT, value=None, unit="%")) == "CSAT: no value"
    assert parse_metric("CSAT: 82% (target 80%)").unit == "%"


def test_text_that_starts_with_an_apostrophe_survives_the_formula_guard(tmp_path: Path) -> None:
    project, journey = small_project()
    journey.update(journey.touchpoints()[1].id, title="'=quoted", description="@mention")
    out = tmp_path / "map.csv"
    export_journey(project, journey, out)
    again = import_project(out).journey()
    assert again.find("'=quoted").description == "@mention"


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n,;\"'=+-@:()[]"),
                max_size=30).map(lambda t: "\n".join(line.strip() for line in t.strip().split("\n")).strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(_TEXT.filter(bool), min_size=1, max_size=4), texts=st.lists(_TEXT, min_size=4, max_size=4),
       emotion=st.none() | st.integers(-2, 2), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_text_round_trips(tmp_path: Path, titles: list[str], texts: list[str], emotion: int | None,
                              suffix: str) -> None:
    project = Project("Fuzz")
    j = project.add_journey(Journey(titles[0], notes=texts[0]))
    stage = j.add_stage(Stage(titles[-1], description=texts[1]))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for title in titles:
        j.add_touchpoint(Touchpoint(title, description=texts[2], owner=texts[3].replace("\n", " "), emotion=emotion,
                                    emotion_label=texts[1], notes=texts[0]), stage.id, lane.id)
    out = tmp_path / f"fuzz{suffix}"
    export_journey(project, j, out)
    again = import_project(out)
    assert content(again, again.journey()) == content(project, j)


def test_control_characters_do_not_break_the_workbook(tmp_path: Path) -> None:
    project, journey = small_project()
    journey.update(journey.touchpoints()[1].id, description="bell\x07 and nul\x00 gone")
    export_journey(project, journey, tmp_path / "c.xlsx")
    assert import_project(tmp_path / "c.xlsx").journey().find("Queue").description == "bell and nul gone"


def test_damaged_workbooks_give_a_message_not_a_traceback(tmp_path: Path) -> None:
    import random

    project, journey = small_project()
    good = tmp_path / "good.xlsx"
    export_journey(project, journey, good)
    data = good.read_bytes()
    rnd = random.Random(7)
    refused = 0
    for i in range(40):
        damaged = bytearray(data[: rnd.randint(10, len(data))] if i % 4 == 0 else data)
        for _ in range(rnd.randint(1, 12)):
            damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        path = tmp_path / "damaged.xlsx"
        path.write_bytes(bytes(damaged))
        try:
            import_project(path)
        except FormatError as exc:
            refused += 1
            assert "damaged.xlsx" in str(exc) and ("workbook" in str(exc) or "Excel" in str(exc) or "row" in str(exc))
    assert refused > 10
