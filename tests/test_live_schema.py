"""The shared-document schema: project <-> Yjs document is lossless, positions order without duplicates,
two people typing in one title keep both their characters."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc

from app.live.collab.positions import is_key, key_between, keys_between, rekey, spread
from app.live.collab.schema import read_project, write_project
from app.live.collab.session import canonical, project_from_doc
from app.model import Project
from app.model.serialize import project_to_dict
from app.model.validation import validate_document

from test_roundtrip import projects


def _through_doc(project: Project) -> dict:
    doc = Doc()
    write_project(doc, project_to_dict(project))
    other = Doc()
    other.apply_update(doc.get_update())  # through the wire format, as a second replica sees it
    return project_to_dict(project_from_doc(other))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_project_to_document_and_back_is_lossless(project: Project) -> None:
    assert _through_doc(project) == project_to_dict(project)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects(), projects())
def test_writing_a_second_project_over_the_first_leaves_exactly_the_second(first: Project, second: Project) -> None:
    doc = Doc()
    write_project(doc, project_to_dict(first))
    write_project(doc, project_to_dict(second))
    assert canonical(read_project(doc)) == project_to_dict(second)
    assert validate_document(read_project(doc)) == []


def test_fields_a_later_format_adds_flow_through_the_document() -> None:
    from app.model.sample import build_sample as sample_project

    d = project_to_dict(sample_project())
    d["report"] = {"cover": True, "sections": ["map", "metrics"]}
    d["journeys"][0]["opportunities"].append({"id": "o-new", "text": "Own it", "severity": 2, "votes": 0,
                                              "attached_to": d["journeys"][0]["stages"][0]["id"],
                                              "owner": "Ana", "status": "planned"})
    doc = Doc()
    write_project(doc, d)
    back = read_project(doc)
    assert back["report"] == {"cover": True, "sections": ["map", "metrics"]}
    added = next(o for o in back["journeys"][0]["opportunities"] if o["id"] == "o-new")
    assert (added["owner"], added["status"]) == ("Ana", "planned")


def test_whole_numbers_come_back_as_ints_and_fractions_as_floats() -> None:
    doc = Doc()
    from app.model.sample import build_sample as sample_project

    d = project_to_dict(sample_project())
    d["journeys"][0]["stages"][0]["width"] = 1.5
    write_project(doc, d)
    stage = read_project(doc)["journeys"][0]["stages"][0]
    assert stage["width"] == 1.5 and isinstance(stage["width"], float)
    tp = read_project(doc)["journeys"][0]["touchpoints"][0]
    assert tp["emotion"] is None or isinstance(tp["emotion"], int)


@given(st.lists(st.sampled_from(["a", "b", None]), min_size=1, max_size=30), st.randoms())
def test_keys_between_neighbours_sort_between_them(ops: list, rnd) -> None:
    keys: list[str] = []
    for _ in ops:
        i = rnd.randint(0, len(keys))
        key = key_between(keys[i - 1] if i else None, keys[i] if i < len(keys) else None)
        assert is_key(key)
        keys.insert(i, key)
        assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_spread_and_keys_between_are_short_and_increasing() -> None:
    keys = spread(2000)
    assert keys == sorted(keys) and len(set(keys)) == 2000 and max(map(len, keys)) <= 2
    more = keys_between(keys[0], keys[1], 500)
    assert more == sorted(more) and keys[0] < more[0] and more[-1] < keys[1]


@given(st.permutations(list("abcdefghij")))
def test_rekey_moves_the_fewest_elements(order: list[str]) -> None:
    current = dict(zip("abcdefghij", spread(10), strict=True))
    changes = rekey(order, current)
    keys = {**current, **changes}
    assert sorted(order, key=keys.__getitem__) == order
    # one element moved elsewhere: one new key
    moved = list("abcdefghij")
    moved.insert(7, moved.pop(2))
    assert len(rekey(moved, current)) == 1


def test_two_people_typing_in_one_title_keep_both_their_words() -> None:
    from app.model.sample import build_sample as sample_project

    project = sample_project()
    tp_id = project.journeys[0].touchpoints()[0].id
    a, b = Doc(), Doc()
    write_project(a, project_to_dict(project))
    b.apply_update(a.get_update())
    for doc, word in ((a, "Fast "), (b, " today")):
        d = canonical(read_project(doc))
        tp = next(t for t in d["journeys"][0]["touchpoints"] if t["id"] == tp_id)
        tp["title"] = word + tp["title"] if word.endswith(" ") else tp["title"] + word
        write_project(doc, d)
    a.apply_update(b.get_update(a.get_state()))
    b.apply_update(a.get_update(b.get_state()))
    titles = {next(t["title"] for t in read_project(doc)["journeys"][0]["touchpoints"] if t["id"] == tp_id)
              for doc in (a, b)}
    original = project.journeys[0].get(tp_id).title
    assert titles == {f"Fast {original} today"}


def test_text_edits_count_offsets_right_past_accents_and_emoji() -> None:
    from pycrdt import Map, Text

    from app.live.collab.schema import edit_text

    doc = Doc()
    root = doc.get("t", type=Map)
    root["x"] = Text("Café 😀 ouvert")
    edit_text(root["x"], "Café 😀 ouvert", "Café 😀 fermé")
    assert str(root["x"]) == "Café 😀 fermé"


def test_a_foreign_clients_bad_value_is_reported_and_leaves_the_model_alone() -> None:
    from pycrdt import Map

    from app.live.collab.schema import SchemaError
    from app.live.collab.session import CollabSession
    from app.model.sample import build_sample as sample_project

    project = sample_project()
    doc = Doc()
    session = CollabSession(project, doc, lambda _m: None)
    before = project_to_dict(project)
    foreign = Doc()
    foreign.apply_update(doc.get_update())
    journey = foreign.get("journeys", type=Map)[project.journeys[0].id]
    card = journey["touchpoints"][project.journeys[0].touchpoints()[0].id]
    card["emotion"] = "very happy"
    from pycrdt import create_update_message

    import pytest

    with pytest.raises(SchemaError, match="emotion"):
        session.receive(create_update_message(foreign.get_update(doc.get_state())))
    assert project_to_dict(project) == before


def test_a_backlog_of_updates_goes_out_merged_in_order_with_other_messages() -> None:
    from pycrdt import Map, create_awareness_message, create_update_message, handle_sync_message

    from app.live.collab.guard import coalesce

    source = Doc()
    cells = source.get("cells", type=Map)
    messages = []
    for key in ("a", "b", "c"):
        before = source.get_state()
        cells[key] = key.upper()
        messages.append(create_update_message(source.get_update(before)))
    presence = create_awareness_message(b"\x00")
    out = coalesce([messages[0], messages[1], presence, messages[2]])
    assert len(out) == 3 and out[1] == presence
    target = Doc()
    for message in (out[0], out[2]):
        handle_sync_message(message[1:], target)
    assert target.get("cells", type=Map).to_py() == {"a": "A", "b": "B", "c": "C"}
