"""Every reader of user files, fed damaged copies of real files: a clear refusal or a project, never
a traceback and never a hang.

The seeds are real files (the .journey corpus, Mermaid diagrams and OpenJourney samples from other
projects, a real survey export) and tables and workbooks written by Waymark itself. Each is damaged
the ways files get damaged (bytes flipped, cut short, spliced, numbers grown to thousands of digits,
nesting, control characters, parts of a workbook's ZIP rewritten) by a seeded random generator, so a
failure reproduces: the test names the reader, the seed file and the case number.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.formats import FormatError, export_journey, import_project
from app.model import LoadError, load_project
from app.model.survey import SurveyError, read_survey
from app.model.synthetic import synthetic_project
from shared_data import TESTDATA

DATA = Path(__file__).parent / "data"
CASES_PER_SEED = 12
SLOW_CASE_S = 5.0  # a case taking this long is a hang in the making

_HOSTILE = [b"null", b"true", b"-1", b"1e999", b"9" * 5000, b"-" + b"7" * 400, b"NaN", b"[" * 300, b"{}", b'""',
            b"\x00", b"\xff\xfe", b"\r", b"\t=cmd", b"\xed\xa0\x80", b";;;;", b",,,,", b'"', b"\n" * 50,
            b"0.5", b"1.0", b"%%", b"section", b": 99999999999999999999 :", b"\xc3", "😀".encode()]


def _damage(data: bytes, rnd: random.Random) -> bytes:
    """One damaged copy of data: 1..3 edits of the kinds real files suffer."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 3)):
        kind = rnd.randrange(7)
        at = rnd.randrange(len(out) + 1)
        if kind == 0 and out:  # flip a byte
            out[min(at, len(out) - 1)] = rnd.randrange(256)
        elif kind == 1:  # cut short
            del out[at:]
        elif kind == 2:  # a hostile token
            out[at:at] = rnd.choice(_HOSTILE)
        elif kind == 3:  # a number grows huge
            numbers = list(re.finditer(rb"-?\d+", bytes(out)))
            if numbers:
                m = rnd.choice(numbers)
                out[m.start():m.end()] = rnd.choice([b"9" * rnd.choice([40, 400, 5000]), b"-1e400", b"1" * 20])
        elif kind == 4 and out:  # a chunk repeated or spliced elsewhere
            start = rnd.randrange(len(out))
            chunk = bytes(out[start:start + rnd.randint(1, 200)])
            out[at:at] = chunk * rnd.randint(1, 3)
        elif kind == 5:  # a line removed
            lines = bytes(out).split(b"\n")
            if len(lines) > 1:
                del lines[rnd.randrange(len(lines))]
            out = bytearray(b"\n".join(lines))
        else:  # a value replaced by another type
            out = bytearray(re.sub(rb'(:\s*)("[^"]*"|-?\d+|true|false|null|\[\])', lambda m: m.group(1) + rnd.choice(
                [b"null", b"true", b"3", b'"x"', b"[]", b"{}"]), bytes(out), count=rnd.randint(1, 3)))
    return bytes(out)


def _damage_workbook(data: bytes, rnd: random.Random) -> bytes:
    """A workbook with one part damaged inside an intact ZIP (or, sometimes, the ZIP itself)."""
    if rnd.random() < 0.25:
        return _damage(data, rnd)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rnd.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            part = source.read(name)
            if name == victim:
                if rnd.random() < 0.15:
                    continue  # a part missing
                part = _damage(part, rnd)
            target.writestr(name, part)
    return out.getvalue()


def _seeds(tmp: Path) -> dict[str, list[Path]]:
    project = synthetic_project(12)
    journey = project.journey()
    for suffix in (".csv", ".xlsx", ".mmd"):
        export_journey(project, journey, tmp / f"synthetic{suffix}")
    survey_xlsx = tmp / "survey.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["stage", "score", "date"])
    for i in range(20):
        sheet.append(["Awareness" if i % 2 else "Purchase", i % 11, f"2026-0{1 + i % 9}-1{i % 9}"])
    book.save(survey_xlsx)
    return {
        "journey": sorted((DATA / "good").glob("*.journey")) + sorted((DATA / "bad").glob("*.journey"))[::6],
        "mermaid": sorted((TESTDATA / "mermaid").glob("*.mmd"))[::3] + [tmp / "synthetic.mmd"],
        "ojf": sorted((TESTDATA / "ojf").glob("*.ojf"))[::2],
        "csv": [tmp / "synthetic.csv"],
        "xlsx": [tmp / "synthetic.xlsx"],
        "survey-csv": sorted((TESTDATA / "surveys").glob("inputs_*.csv")),
        "survey-xlsx": [survey_xlsx],
    }


def _read_journey(path: Path) -> None:
    load_project(path)


def _read_format(path: Path) -> None:
    import_project(path, [])


def _read_survey(path: Path) -> None:
    read_survey(path)


READERS: dict[str, tuple[str, Callable[[Path], None], tuple[type[Exception], ...]]] = {
    "journey": (".journey", _read_journey, (LoadError,)),
    "mermaid": (".mmd", _read_format, (FormatError,)),
    "ojf": (".ojf", _read_format, (FormatError,)),
    "csv": (".csv", _read_format, (FormatError,)),
    "xlsx": (".xlsx", _read_format, (FormatError,)),
    "survey-csv": (".csv", _read_survey, (SurveyError,)),
    "survey-xlsx": (".xlsx", _read_survey, (SurveyError,)),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_damaged_files_are_refused_clearly_or_read(reader: str, tmp_path: Path) -> None:
    suffix, read, refusals = READERS[reader]
    seeds = _seeds(tmp_path)[reader]
    assert seeds, f"no seed files for {reader}"
    rnd = random.Random(f"waymark-fuzz-{reader}")
    damage = _damage_workbook if suffix == ".xlsx" else _damage
    target = tmp_path / f"case{suffix}"
    for seed in seeds:
        original = seed.read_bytes()
        for case in range(CASES_PER_SEED):
            target.write_bytes(damage(original, rnd))
            where = f"{reader} reader, seed {seed.name}, case {case}"
            start = time.monotonic()
            try:
                read(target)
            except refusals as exc:
                message = str(exc)
                assert message.strip(), f"{where}: an empty refusal"
                assert "Traceback" not in message and "int_max_str_digits" not in message, where
            except Exception as exc:  # the point: name the case that crashed
                pytest.fail(f"{where}: {type(exc).__name__}: {exc}")
            assert time.monotonic() - start < SLOW_CASE_S, f"{where}: took {time.monotonic() - start:.1f} s"


@pytest.mark.parametrize("reader", list(READERS))
def test_devices_fifos_and_folders_are_refused_at_once(reader: str, tmp_path: Path) -> None:
    import os

    suffix, read, refusals = READERS[reader]
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    device = tmp_path / f"zero{suffix}"
    device.symlink_to("/dev/zero")
    for path, what in ((fifo, "a pipe (FIFO)"), (folder, "a folder"), (device, "a device")):
        start = time.monotonic()
        with pytest.raises(refusals, match=re.escape(what)):
            read(path)
        assert time.monotonic() - start < 1.0
