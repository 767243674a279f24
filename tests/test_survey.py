"""Survey reading (CSV dialects, XLSX), per-target metrics, skipped rows by line, applying to a journey."""

from __future__ import annotations

import datetime as dt

import pytest

from app.model import Journey, Lane, LaneKind, Metric, MetricKind, MetricSample, Stage, Touchpoint
from app.model.survey import (
    SurveyError,
    SurveyMapping,
    apply_survey,
    compute_survey,
    parse_date,
    read_csv_bytes,
    read_survey,
    slash_order,
    survey_changes,
)
from shared_data import TESTDATA

SURVEYS = TESTDATA / "surveys"
NPS_QUESTION = "On a scale of 0-10, how would you rate Sudzilla?"


def _journey() -> Journey:
    j = Journey("Shop")
    aw = j.add_stage(Stage("Awareness"))
    j.add_stage(Stage("Purchase"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_touchpoint(Touchpoint("Sees advert"), aw.id, lane.id)
    return j


# ---------------------------------------------------------------- real survey
@pytest.mark.parametrize("name", ["inputs_input_01.csv", "inputs_input_02.csv"])
def test_the_real_survey_gives_nps_minus_35_9(name):
    table = read_survey(SURVEYS / name)
    assert len(table.rows) == 39
    c = compute_survey(table, SurveyMapping("nps", NPS_QUESTION, date_column="Timestamp"), _journey())
    assert c.skipped == [] and c.date_problems == []
    [r] = c.results
    assert (r.target_kind, r.sample_size) == ("journey", 39)
    assert (r.nps.promoters, r.nps.passives, r.nps.detractors) == (8, 9, 22)
    assert round(r.value, 1) == -35.9
    assert round(r.nps.margin, 1) == 25.1
    # the answers run from 1 to 4 November 2019 (m/d/Y with times in file 01, ISO in file 02)
    assert r.date == "2019-11-04"
    assert "NPS -35.9 ± 25.1 (n=39: 8 promoters, 9 passives, 22 detractors)" in r.describe()


# -------------------------------------------------------------- CSV dialects
EDGE_CSV = (
    "\ufeffdate;stage;score;comment\r\n"           # line 1
    "2026-01-05;Awareness;9;fine\r\n"              # line 2
    '2026-01-06;Purchase;10;"Great\r\nservice,\r\nreally"\r\n'  # lines 3-5, one record
    "2026-01-07;Purchase;11;x\r\n"                 # line 6: out of range
    ";;;\r\n"                                      # line 7: blank row
    '2026-01-08;Checkout;7;"multi\nline"\r\n'      # lines 8-9: unknown stage
    "2026-01-09;Awareness;abc;\r\n"                # line 10: not a number
    "2026-01-10;Awareness;;\r\n"                   # line 11: blank score
    "02/03/2026;purchase;0;\r\n"                   # line 12: d/m/Y, stage name in any case
    "2026-01-11;Awareness;6,5;\r\n"                # line 13: not a whole number
)


def test_bom_semicolons_multiline_fields_and_skipped_rows_by_line():
    table = read_csv_bytes(EDGE_CSV.encode("utf-8"), "edge.csv")
    assert table.columns == ["date", "stage", "score", "comment"]  # the BOM is not part of the first name
    assert [r.line for r in table.rows] == [2, 3, 6, 7, 8, 10, 11, 12, 13]
    assert table.rows[1].values[3] == "Great\r\nservice,\r\nreally"
    c = compute_survey(table, SurveyMapping("nps", "score", touchpoint_column="stage", date_column="date"),
                       _journey())
    assert [(s.line, s.reason) for s in c.skipped] == [
        (6, "11 is outside the NPS scale 0-10"),
        (7, "blank row"),
        (8, "no stage or touchpoint named 'Checkout' in the journey"),
        (10, "not a number: 'abc'"),
        (11, "blank score"),
        (13, "6.5 is not a whole number on the 0-10 scale"),
    ]
    aw, pu = c.results
    # Awareness: one answer, 9 -> 1 promoter of 1 -> NPS 100
    assert (aw.target_name, aw.value, aw.sample_size, aw.date) == ("Awareness", 100.0, 1, "2026-01-05")
    # Purchase: 10 and 0 -> (1 - 1) / 2 = 0; latest of 2026-01-06 and 2 March 2026
    assert (pu.target_name, pu.value, pu.sample_size, pu.date) == ("Purchase", 0.0, 2, "2026-03-02")
    assert c.rows == 9


def test_comma_and_tab_delimiters_and_plain_utf8():
    comma = "When,Score,Note\n2026-02-01,5,\"a, b\"\n2026-02-02,3,ok\n2026-02-03,4,\n"
    tab = comma.replace(",", "\t").replace('"a\t b"', "a b")
    for text in (comma, tab):
        table = read_csv_bytes(text.encode(), "x.csv")
        assert table.columns == ["When", "Score", "Note"]
        c = compute_survey(table, SurveyMapping("csat", "score", stage="awareness", date_column="when"),
                           _journey())
        # 5, 3, 4: two of three are 4-5 -> 66.7 %
        [r] = c.results
        assert (r.target_kind, r.target_name, r.sample_size) == ("stage", "Awareness", 3)
        assert r.value == pytest.approx(200 / 3)
        assert r.date == "2026-02-03"


def test_ces_for_a_fixed_touchpoint_and_non_utf8_text():
    data = "Effort;Naïve\n2;x\n5;y\n".encode("cp1252")
    table = read_csv_bytes(data, "win.csv")
    assert table.warnings and "Windows-1252" in table.warnings[0]
    assert table.columns[1] == "Naïve"
    c = compute_survey(table, SurveyMapping(MetricKind.CES, "Effort", touchpoint="sees ADVERT"), _journey())
    # (2 + 5) / 2 = 3.5
    assert (c.results[0].target_kind, c.results[0].value) == ("touchpoint", 3.5)


def test_xlsx_written_by_openpyxl(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Submitted", "Rating", "Stage"])          # row 1
    sheet.append([dt.datetime(2026, 4, 1, 9, 30), 5, "Purchase"])  # row 2
    sheet.append([dt.datetime(2026, 4, 3, 10, 0), "4", "Purchase"])  # row 3: a number stored as text
    sheet.append([None, None, None])                         # row 4: blank
    sheet.append([dt.datetime(2026, 4, 2), 2, "Purchase"])   # row 5
    sheet.append([dt.datetime(2026, 4, 2), 9, "Purchase"])   # row 6: outside 1-5
    path = tmp_path / "answers.xlsx"
    book.save(path)
    table = read_survey(path)
    assert table.columns == ["Submitted", "Rating", "Stage"]
    c = compute_survey(table, SurveyMapping("csat", "Rating", touchpoint_column="Stage", date_column="Submitted"),
                       _journey())
    # 5, 4, 2: two of three are 4-5 -> 66.7 %, latest 3 April
    [r] = c.results
    assert (r.sample_size, round(r.value, 1), r.date) == (3, 66.7, "2026-04-03")
    assert [(s.line, s.reason) for s in c.skipped] == [(4, "blank row"), (6, "9 is outside the CSAT scale 1-5")]


def test_unreadable_files_give_clear_messages(tmp_path):
    with pytest.raises(SurveyError, match="no such file"):
        read_survey(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(SurveyError, match="empty"):
        read_survey(tmp_path / "empty.csv")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(SurveyError, match="not a text"):
        read_survey(tmp_path / "bin.csv")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(SurveyError, match="not a readable XLSX"):
        read_survey(tmp_path / "fake.xlsx")


def test_unknown_columns_and_targets_are_named_with_what_exists():
    table = read_csv_bytes(b"a,b\n1,2\n", "t.csv")
    with pytest.raises(SurveyError, match=r"no column named 'score'; the columns are 'a', 'b'"):
        compute_survey(table, SurveyMapping("nps", "score"), _journey())
    with pytest.raises(SurveyError, match=r"no stage named 'Loyalty'.*'Awareness', 'Purchase'"):
        compute_survey(table, SurveyMapping("nps", "a", stage="Loyalty"), _journey())
    with pytest.raises(SurveyError, match="only one"):
        SurveyMapping("nps", "a", stage="Awareness", touchpoint="Sees advert")
    with pytest.raises(SurveyError, match="NPS, CSAT or CES"):
        SurveyMapping("clv", "a")
    # columns by 1-based number
    assert compute_survey(table, SurveyMapping("nps", "2"), _journey()).results[0].sample_size == 1


def test_unreadable_dates_keep_the_answer_and_are_reported():
    table = read_csv_bytes(b"d,s\nsoon,9\n2026-05-01,10\n", "t.csv")
    c = compute_survey(table, SurveyMapping("nps", "s", date_column="d"), _journey())
    assert c.results[0].sample_size == 2 and c.results[0].date == "2026-05-01"
    assert [(p.line, p.reason) for p in c.date_problems] == [(2, "unreadable date 'soon'")]


# ---------------------------------------------------------------------- dates
def test_date_formats():
    assert parse_date("2019-11-01 08:51:12.402") == dt.date(2019, 11, 1)
    assert parse_date("2026-03-31T10:00:00Z") == dt.date(2026, 3, 31)
    assert parse_date("11/1/2019 8:51:12", "mdy") == dt.date(2019, 11, 1)
    assert parse_date("31/12/2025") == dt.date(2025, 12, 31)
    assert parse_date("31.12.25") == dt.date(2025, 12, 31)
    assert parse_date(dt.datetime(2026, 1, 2, 3, 4)) == dt.date(2026, 1, 2)
    # Excel serial: day 45000 after 1899-12-30 is 2023-03-15 (as Excel shows it)
    assert parse_date(45000) == dt.date(2023, 3, 15)
    assert parse_date("45000") == dt.date(2023, 3, 15)
    assert parse_date("someday") is None
    assert parse_date("31/02/2026") is None  # no such day


def test_slash_order_is_decided_per_column():
    assert slash_order(["11/1/2019 8:51:12", "11/2/2019 9:00:00"]) == "mdy"  # form export with times
    assert slash_order(["02/03/2026", "04/05/2026"]) == "dmy"  # plain dates: day first
    assert slash_order(["1/13/2019", "2/3/2019"]) == "mdy"  # 13 cannot be a month
    assert slash_order(["13/1/2019 10:00", "2/3/2019 10:00"]) == "dmy"


# -------------------------------------------------------------------- applying
def test_apply_updates_the_metric_of_that_kind_and_creates_the_others():
    j = _journey()
    stage = j.stages()[1]
    existing = j.add_metric(Metric(MetricKind.NPS, value=10.0, target=30.0, sample_size=50, date="2025-12-31",
                                   history=[MetricSample("2025-12-31", 10.0, 50)]), stage.id)
    table = read_csv_bytes(EDGE_CSV.encode("utf-8"), "edge.csv")
    c = compute_survey(table, SurveyMapping("nps", "score", touchpoint_column="stage", date_column="date"), j)
    plan = survey_changes(j, c.results, "edge.csv")
    assert isinstance(plan[0].metric, Metric)  # Awareness: no NPS yet -> a new metric
    assert plan[1].metric == existing.id       # Purchase: the existing NPS gets a sample
    apply_survey(j, c.results, "edge.csv")
    m = j.get(existing.id)
    assert (m.value, m.sample_size, m.date, m.target, m.source) == (0.0, 2, "2026-03-02", 30.0, "edge.csv")
    assert m.history == [MetricSample("2025-12-31", 10.0, 50), MetricSample("2026-03-02", 0.0, 2)]
    [new] = j.metrics(j.stages()[0].id)
    assert (new.kind, new.value, new.sample_size, new.date) == (MetricKind.NPS, 100.0, 1, "2026-01-05")
    assert new.history == [MetricSample("2026-01-05", 100.0, 1)]
    # importing the same answers again replaces the sample of that date instead of doubling it
    apply_survey(j, c.results, "edge.csv")
    assert len(j.get(existing.id).history) == 2


def test_journey_level_result_without_dates_uses_the_given_day():
    j = _journey()
    table = read_csv_bytes(b"s\n10\n9\n0\n", "t.csv")
    c = compute_survey(table, SurveyMapping("nps", "s"), j)
    [change] = survey_changes(j, c.results, today=dt.date(2026, 6, 1))
    # (2 - 1) / 3 * 100 = 33.3
    assert change.sample == MetricSample("2026-06-01", 33.3, 3)
    assert change.target_id is None


def test_editor_applies_a_survey_as_one_undo_step(qtbot):
    from app.editing import JourneyEditor
    from app.model import Project

    project = Project()
    j = _journey()
    project.add_journey(j)
    stage = j.stages()[1]
    existing = j.add_metric(Metric(MetricKind.NPS, value=10.0, history=[MetricSample("2025-12-31", 10.0, 50)]),
                            stage.id)
    editor = JourneyEditor(project)
    table = read_csv_bytes(EDGE_CSV.encode("utf-8"), "edge.csv")
    c = compute_survey(table, SurveyMapping("nps", "score", touchpoint_column="stage", date_column="date"), j)
    editor.apply_survey(j, c.results, "edge.csv")
    assert editor.stack.count() == 1 and editor.stack.undoText() == "Import survey"
    assert len(j.metrics()) == 2 and j.get(existing.id).value == 0.0
    editor.stack.undo()
    assert len(j.metrics()) == 1
    assert j.get(existing.id).value == 10.0 and len(j.get(existing.id).history) == 1
    editor.stack.redo()
    assert len(j.metrics()) == 2 and j.get(existing.id).value == 0.0
