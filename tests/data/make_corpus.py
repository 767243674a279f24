"""Writes the bad-file corpus (tests/data/bad/ and EXPECTED.tsv) and the good-text set (tests/data/good/).

Run `python tests/data/make_corpus.py` after changing a message in app/model/validation.py.
Each bad file starts from one small valid project and breaks one thing. EXPECTED.tsv lists
file, the field path of the problem ("" for the file as a whole) and a fragment of the message.
The 50 MB file is not here: tests/test_bad_files.py generates it in a temporary folder.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good"

BASE: dict[str, Any] = {
    "format": "waymark-journey",
    "version": 1,
    "title": "Corpus base",
    "personas": [{"id": "p1", "name": "Sam"}, {"id": "p2", "name": "Alex"}],
    "journeys": [{
        "id": "j1",
        "title": "Subscribing",
        "state": "current",
        "stages": [{"id": "s1", "name": "Awareness", "five_cs": {"clarity": 3}},
                   {"id": "s2", "name": "Purchase"}],
        "lanes": [{"id": "l1", "kind": "touchpoints"}, {"id": "l2", "kind": "emotion"}],
        "touchpoints": [
            {"id": "t1", "stage": "s1", "lane": "l1", "title": "Sees a post", "channel": "social_media",
             "emotion": 1, "persona_emotions": {"p1": 1}},
            {"id": "t2", "stage": "s2", "lane": "l1", "title": "Pays", "channel": "website", "emotion": -1},
        ],
        "path": [{"from": "t1", "to": "t2"}],
        "pain_points": [{"id": "a1", "text": "Hidden shipping cost", "severity": 4, "votes": 2,
                         "attached_to": "t2"}],
        "opportunities": [{"id": "o1", "text": "Show costs early", "severity": 3, "attached_to": "s2"}],
        "metrics": [
            {"id": "m1", "kind": "nps", "value": 20, "target": 35},
            {"id": "m2", "kind": "ces", "value": 3.2, "target": 2.5, "higher_is_better": False},
            {"id": "m3", "kind": "retention", "value": 40, "history": [{"date": "2026-06-30", "value": 38}]},
            {"id": "m4", "kind": "clv", "value": 300, "unit": "EUR"},
            {"id": "m5", "kind": "csat", "value": 80, "target": 85, "attached_to": "s2"},
        ],
    }],
}

Edit = Callable[[dict[str, Any]], None]


def _j(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["journeys"][0]


def _set(*keys: Any, value: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        target = doc
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return edit


def _drop(key: str) -> Edit:
    return lambda doc: doc.pop(key)


J = ("journeys", 0)
# name: (edit of the base document, field path, expected message fragment)
EDITS: dict[str, tuple[Edit, str, str]] = {
    "wrong-format": (_set("format", value="trello-board"), "format", "not a Waymark project"),
    "missing-format": (_drop("format"), "format", "is missing: this is not a Waymark project"),
    "newer-version": (_set("version", value=7), "version", "newer Waymark (format version 7)"),
    "version-as-text": (_set("version", value="one"), "version", "expected a whole number"),
    "persona-color-not-hex": (_set("personas", 0, "color", value="red"), "personas[0].color",
                              "'red' is not a colour; write it as #RRGGBB"),
    "missing-journeys": (_drop("journeys"), "journeys", "is missing"),
    "no-journeys": (_set("journeys", value=[]), "journeys", "at least one journey"),
    "stages-not-a-list": (_set(*J, "stages", value="Awareness"), "journeys[0].stages", "expected a list, found text"),
    "title-wrong-type": (_set(*J, "touchpoints", 0, "title", value=42), "journeys[0].touchpoints[0].title",
                         "expected text, found a number"),
    "emotion-out-of-range": (_set(*J, "touchpoints", 0, "emotion", value=7), "journeys[0].touchpoints[0].emotion",
                             "7 is out of range (allowed: -2 to 2)"),
    "emotion-fraction": (_set(*J, "touchpoints", 1, "emotion", value=1.5), "journeys[0].touchpoints[1].emotion",
                         "expected a whole number"),
    "persona-emotion-out-of-range": (_set(*J, "touchpoints", 0, "persona_emotions", "p1", value=-3),
                                     "journeys[0].touchpoints[0].persona_emotions.p1", "-3 is out of range"),
    "severity-out-of-range": (_set(*J, "pain_points", 0, "severity", value=9), "journeys[0].pain_points[0].severity",
                              "9 is out of range (allowed: 1 to 5)"),
    "severity-boolean": (_set(*J, "pain_points", 0, "severity", value=True), "journeys[0].pain_points[0].severity",
                         "expected a whole number, found true"),
    "votes-negative": (_set(*J, "pain_points", 0, "votes", value=-1), "journeys[0].pain_points[0].votes",
                       "-1 is out of range (must be at least 0)"),
    "nps-out-of-range": (_set(*J, "metrics", 0, "value", value=150), "journeys[0].metrics[0].value",
                         "150 is out of range (allowed: -100 to 100)"),
    "csat-out-of-range": (_set(*J, "metrics", 4, "target", value=120), "journeys[0].metrics[4].target",
                          "120 is out of range (allowed: 0 to 100)"),
    "ces-out-of-range": (_set(*J, "metrics", 1, "value", value=0), "journeys[0].metrics[1].value",
                         "0 is out of range (allowed: 1 to 7)"),
    "retention-history-out-of-range": (_set(*J, "metrics", 2, "history", 0, "value", value=101),
                                       "journeys[0].metrics[2].history[0].value", "101 is out of range"),
    "clv-negative": (_set(*J, "metrics", 3, "value", value=-5), "journeys[0].metrics[3].value",
                     "must be at least 0"),
    "metric-kind-unknown": (_set(*J, "metrics", 0, "kind", value="ltv"), "journeys[0].metrics[0].kind",
                            "'ltv' is not one of"),
    "dangling-stage": (_set(*J, "touchpoints", 0, "stage", value="s9"), "journeys[0].touchpoints[0].stage",
                       "refers to stage 's9', which does not exist"),
    "dangling-lane": (_set(*J, "touchpoints", 1, "lane", value="l9"), "journeys[0].touchpoints[1].lane",
                      "refers to lane 'l9', which does not exist"),
    "dangling-attached-to": (_set(*J, "pain_points", 0, "attached_to", value="t9"),
                             "journeys[0].pain_points[0].attached_to", "dangling reference"),
    "dangling-metric-attached-to": (_set(*J, "metrics", 4, "attached_to", value="gone"),
                                    "journeys[0].metrics[4].attached_to", "dangling reference"),
    "dangling-path": (_set(*J, "path", 0, "to", value="t9"), "journeys[0].path[0].to",
                      "refers to touchpoint 't9'"),
    "path-to-itself": (_set(*J, "path", 0, "to", value="t1"), "journeys[0].path[0]", "from a touchpoint to itself"),
    "duplicate-id": (_set(*J, "touchpoints", 1, "id", value="s1"), "journeys[0].touchpoints[1].id",
                     "duplicate id 's1'"),
    "duplicate-persona-id": (_set("personas", 1, "id", value="p1"), "personas[1].id", "duplicate id 'p1'"),
    "missing-id": (lambda doc: _j(doc)["stages"][1].pop("id"), "journeys[0].stages[1].id", "is missing"),
    "touchpoint-in-emotion-lane": (_set(*J, "touchpoints", 0, "lane", value="l2"), "journeys[0].touchpoints[0].lane",
                                   "holds no cards"),
    "unknown-channel": (_set(*J, "touchpoints", 0, "channel", value="fax"), "journeys[0].touchpoints[0].channel",
                        "'fax' is not one of"),
    "unknown-lane-kind": (_set(*J, "lanes", 0, "kind", value="swimlane"), "journeys[0].lanes[0].kind",
                          "'swimlane' is not one of"),
    "unknown-state": (_set(*J, "state", value="past"), "journeys[0].state", "'past' is not one of"),
    "persona-emotion-missing-persona": (_set(*J, "touchpoints", 1, "persona_emotions", value={"p7": 1}),
                                        "journeys[0].touchpoints[1].persona_emotions.p7",
                                        "refers to a persona that does not exist"),
    "cx-score-out-of-range": (_set(*J, "stages", 0, "five_cs", "clarity", value=6),
                              "journeys[0].stages[0].five_cs.clarity", "6 is out of range (allowed: 1 to 5)"),
    "cx-unknown-dimension": (_set(*J, "stages", 0, "components", value={"speed": 3}),
                             "journeys[0].stages[0].components.speed", "unknown dimension"),
    "stage-width-zero": (_set(*J, "stages", 0, "width", value=0), "journeys[0].stages[0].width",
                         "0 is out of range (allowed: 0.25 to 8)"),
    "journey-not-an-object": (_set("journeys", value=["Subscribing"]), "journeys[0]",
                              "expected an object, found text"),
    "huge-string": (_set("title", value="A" * 200_000), "title", "text is 200,000 characters long"),
}

def _version0(first_emotion: int = 4, **replaced: Any) -> dict[str, Any]:
    """The base project in the pre-release layout: one journey under "journey", emotions 1..5."""
    doc = copy.deepcopy(BASE)
    journey = doc.pop("journeys")[0]
    journey["touchpoints"][0]["emotion"] = first_emotion
    journey["touchpoints"][1]["emotion"] = 2
    journey.update(replaced)
    return {**doc, "version": 0, "journey": journey}


# name: (raw bytes, field path, fragment): files that are broken below the level of a document
RAW: dict[str, tuple[bytes, str, str]] = {
    "empty": (b"", "", "the file is empty"),
    "whitespace-only": (b"  \n\t\n", "", "the file is empty"),
    "not-json": (b"Customer journey: Awareness -> Purchase\n", "", "not valid JSON at line 1, column 1"),
    "binary-garbage": (bytes(random.Random(7).randrange(256) for _ in range(3000)) + b"\x00" * 16, "",
                       "binary file"),
    "latin-1": ('{"format": "waymark-journey", "title": "Caf\u00e9"}'.encode("latin-1"), "", "not UTF-8 text"),
    "utf-16": (json.dumps(BASE).encode("utf-16"), "", "UTF-16"),
    "utf-32": (json.dumps(BASE).encode("utf-32"), "", "the file is UTF-32 text"),
    "version0-touchpoints-null": (json.dumps(_version0(touchpoints=None)).encode(), "journeys[0].touchpoints",
                                  "expected a list, found null"),
    "version0-touchpoints-number": (json.dumps(_version0(touchpoints=3)).encode(), "journeys[0].touchpoints",
                                    "expected a list, found a number"),
    "version0-touchpoints-true": (json.dumps(_version0(touchpoints=True)).encode(), "journeys[0].touchpoints",
                                  "expected a list, found true/false"),
    "int-5000-digits": (json.dumps(BASE, indent=1).replace('"emotion": 1', '"emotion": ' + "7" * 5000).encode(),
                        "journeys[0].touchpoints[0].emotion", "a 5,000-digit number is out of range"),
    "top-level-list": (b"[1, 2, 3]\n", "", "expected a JSON object at the top level, found a list"),
    "deep-nesting": (b'{"format": "waymark-journey", "version": 1, "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
                     "", "nested too deeply"),
    "nesting-500-in-unknown-field": (b'{"format": "waymark-journey", "version": 1, "extra": ' + b"{\"a\": " * 500 +
                                     b"1" + b"}" * 500 + b"}", "", "nested too deeply"),
    "nan": (json.dumps(BASE, indent=1).replace('"emotion": 1', '"emotion": NaN').encode(), "",
            "NaN is not a number JSON allows"),
    "infinity": (json.dumps(BASE, indent=1).replace('"value": 300', '"value": Infinity').encode(), "",
                 "Infinity is not a number JSON allows"),
    "number-overflow": (json.dumps(BASE, indent=1).replace('"value": 300', '"value": 1e400').encode(),
                        "journeys[0].metrics[3].value", "the number is too large"),
    "huge-integer": (json.dumps(BASE, indent=1).replace('"value": 20', '"value": ' + "9" * 400).encode(),
                     "journeys[0].metrics[0].value", "the number is too large"),
    "lone-surrogate": (json.dumps(BASE, indent=1).replace('"Sees a post"', '"Sees a post \\ud83d"').encode(),
                       "journeys[0].touchpoints[0].title", "lone UTF-16 surrogate"),
    "truncated": (json.dumps(BASE, indent=1).encode()[:700], "", "looks truncated"),
    "version0-emotion-out-of-range": (json.dumps(_version0(9)).encode(), "journeys[0].touchpoints[0].emotion",
                                      "6 is out of range (allowed: -2 to 2)"),
}


def _dump(doc: Any) -> bytes:
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def good_documents() -> dict[str, dict[str, Any]]:
    """Valid projects whose text must survive a save unchanged."""
    texts = {
        "markup": ["<b>Bold</b> & <font color=\"red\">red</font>", "Tom & Jerry's \"quote\" <br/>",
                   "C:\\path\\to\\file & 5 < 6 > 4", "line one\nline two\ttabbed", "%s %d {0} {title}"],
        "cyrillic": ["Осведомлённость", "Покупка онлайн", "Клиент недоволен доставкой", "Ёжик в тумане"],
        "cjk": ["认知阶段", "購入する", "고객 여정 지도", "配送が遅れました（再配達）"],
        "emoji": ["😀 Delighted", "👩🏽‍💻 Works from home", "🇬🇧 UK only", "❤️‍🔥 Loves it", "🛋️📦🚚"],
        "rtl": ["مرحلة الوعي", "רכישה באתר", "العميل \u200fغاضب\u200f من التأخير", "Mixed عربي and English"],
    }
    docs = {}
    for name, items in texts.items():
        doc = copy.deepcopy(BASE)
        doc["title"] = items[0]
        doc["personas"][0].update(name=items[1], goals=items[2:], description=items[-1])
        j = _j(doc)
        j["title"], j["notes"] = items[1], "\n".join(items)
        j["stages"][0]["name"], j["stages"][1]["description"] = items[2], items[0]
        j["touchpoints"][0].update(title=items[3], description=items[0], emotion_label=items[1], owner=items[2])
        j["pain_points"][0]["text"] = items[-1]
        j["path"][0]["label"] = items[0]
        j["metrics"][0].update(name=items[1], unit=items[2], source=items[3])
        docs[name] = doc
    return docs


def main() -> None:
    BAD.mkdir(exist_ok=True)
    GOOD.mkdir(exist_ok=True)
    rows = []
    for name, (edit, path, fragment) in EDITS.items():
        doc = copy.deepcopy(BASE)
        edit(doc)
        (BAD / f"{name}.journey").write_bytes(_dump(doc))
        rows.append((f"{name}.journey", path, fragment))
    for name, (data, path, fragment) in RAW.items():
        (BAD / f"{name}.journey").write_bytes(data)
        rows.append((f"{name}.journey", path, fragment))
    lines = ["# file\tfield path (empty: the file as a whole)\texpected message fragment"]
    lines += ["\t".join(row) for row in sorted(rows)]
    (BAD / "EXPECTED.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, doc in good_documents().items():
        (GOOD / f"{name}.journey").write_bytes(_dump(doc))
    (GOOD / "with-bom.journey").write_bytes(b"\xef\xbb\xbf" + _dump(BASE))
    (GOOD / "version0.journey").write_bytes(_dump(_version0()))
    print(f"{len(rows)} bad files, {len(list(GOOD.glob('*.journey')))} good files")


if __name__ == "__main__":
    main()
