"""`waymark export` as a script or a person uses it: files appear, bad options give one clear
line on stderr and exit code 1, never a traceback, and an existing output is never damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.model import save_project
from app.model.synthetic import synthetic_project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journey"
    save_project(synthetic_project(25), path)
    return path


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_pdf_with_options(capsys, project_file, tmp_path):
    out = tmp_path / "map.pdf"
    code, err = run(capsys, "export", str(project_file), "-o", str(out), "--page-size", "A3", "--portrait",
                    "--sections", "cover,map")
    assert code == 0, err
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (841.89, 1190.55)


def test_tile_option_makes_a_poster(capsys, project_file, tmp_path):
    out = tmp_path / "poster.pdf"
    code, _ = run(capsys, "export", str(project_file), "-o", str(out), "--tile", "--sections", "map")
    assert code == 0
    assert len(PdfReader(str(out)).pages) > 2


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_map_images(qapp, capsys, project_file, tmp_path, suffix):
    # qapp: the PNG export must find the test run's QApplication, not make a bare QGuiApplication
    out = tmp_path / f"map{suffix}"
    code, err = run(capsys, "export", str(project_file), "-o", str(out), "--dpi", "72")
    assert code == 0, err
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in head or b"<?xml" in head


@pytest.mark.parametrize(("argv", "message"), [
    (["--page-size", "A7"], "unknown page size 'A7'"),
    (["--page-size", "10xfoomm"], "unknown page size '10xfoomm'"),
    (["--sections", "cover,charts"], "unknown section 'charts'"),
    (["--journey", "Nope"], "no journey named 'Nope'"),
    (["--tile", "--tile-scale", "40"], "tile scale must be from 95 %"),
    (["--min-text-pt", "3"], "smallest text size must be from 4 to 24 pt, not 3 pt"),
    (["--min-text-pt", "5", "--tile", "--tile-scale", "80"], "tile scale must be from 85 % (text at least 5 pt"),
])
def test_bad_options_give_one_clear_line(capsys, project_file, tmp_path, argv, message):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous export")
    code, err = run(capsys, "export", str(project_file), "-o", str(out), *argv)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert out.read_bytes() == b"previous export"


def test_unknown_suffix_and_missing_folder(capsys, project_file, tmp_path):
    code, err = run(capsys, "export", str(project_file), "-o", str(tmp_path / "map.docx"))
    assert code == 1 and "cannot export to '.docx'" in err
    code, err = run(capsys, "export", str(project_file), "-o", str(tmp_path / "nowhere" / "map.pdf"))
    assert code == 1 and "does not exist" in err


def test_unreadable_project_is_reported(capsys, tmp_path):
    bad = tmp_path / "bad.journey"
    bad.write_text("{ not json", encoding="utf-8")
    code, err = run(capsys, "export", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "bad.journey" in err
    code, err = run(capsys, "export", str(tmp_path / "missing.journey"), "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "missing.journey" in err
    assert not (tmp_path / "x.pdf").exists()


def test_output_is_required(capsys, project_file):
    with pytest.raises(SystemExit) as info:
        main(["export", str(project_file)])
    assert info.value.code == 2
    assert "-o" in capsys.readouterr().err


@pytest.mark.parametrize(("extra", "portrait"), [((), True), (("--landscape",), False), (("--portrait",), True)])
def test_a_custom_page_size_keeps_its_orientation_unless_told(capsys, project_file, tmp_path, extra, portrait):
    out = tmp_path / "tall.pdf"
    code, err = run(capsys, "export", str(project_file), "-o", str(out), "--page-size", "300x600mm",
                    "--sections", "cover", *extra)
    assert code == 0, err
    box = PdfReader(str(out)).pages[0].mediabox
    assert (float(box.height) > float(box.width)) is portrait


def test_auto_page_size_and_a_higher_text_floor(capsys, project_file, tmp_path):
    out = tmp_path / "plot.pdf"
    code, err = run(capsys, "export", str(project_file), "-o", str(out), "--page-size", "auto", "--sections", "map",
                    "--min-text-pt", "7")
    assert code == 0, err
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > 842 and float(box.height) > 595  # bigger than A4: the map at full size
    from tests.test_pdf_map_pages import assert_readable

    assert_readable(reader, min_text=7.0)  # measured on the page: no text below the floor asked for
    assert "smallest text" not in reader.pages[0].extract_text()  # no debugging figure on the client's page
