"""Journey analytics on small graphs built for the purpose, and on the bundled sample."""

from __future__ import annotations

import json
from pathlib import Path


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
    Project,
    Stage,
    Touchpoint,
    load_project,
)
from app.model.analytics import analyse, compare_states, customer_touchpoints, pain_weight

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "online-retailer.journey"


def build_current() -> tuple[Journey, dict[str, str]]:
    """
    Stages: Awareness | Consideration | Purchase | Loyalty (empty)
      Awareness:     A "Sees advert" (advertising, +1)   B "Sees a post" (social, 0)
                     T "Is it worth it?" (a thought card, not a customer touchpoint)
      Consideration: C "Reads reviews" (website, -1)  D "Asks in chat" (live chat, -2)
                     G "Calls support" (phone)  X "Visits store page" (website, on no path)
      Purchase:      E "Checkout" (website, -2)  F "Gets receipt" (email, +2)
    Path: A->C, B->C, C->D, D->E, C->E, E->F, D->G, and E->C (a loop back)
    """
    j = Journey("Current", state=JourneyState.CURRENT)
    s = {name: j.add_stage(Stage(name)).id for name in ("Awareness", "Consideration", "Purchase", "Loyalty")}
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    thoughts = j.add_lane(Lane(LaneKind.THOUGHTS)).id
    ids: dict[str, str] = {}

    def tp(key: str, title: str, stage: str, channel: Channel, emotion: int | None, on: str = lane) -> None:
        ids[key] = j.add_touchpoint(Touchpoint(title, channel=channel, emotion=emotion), s[stage], on).id

    tp("A", "Sees advert", "Awareness", Channel.ADVERTISING, 1)
    tp("B", "Sees a post", "Awareness", Channel.SOCIAL, 0)
    tp("T", "Is it worth it?", "Awareness", Channel.OTHER, None, thoughts)
    tp("C", "Reads reviews", "Consideration", Channel.WEBSITE, -1)
    tp("D", "Asks in chat", "Consideration", Channel.LIVE_CHAT, -2)
    tp("G", "Calls support", "Consideration", Channel.PHONE, None)
    tp("X", "Visits store page", "Consideration", Channel.WEBSITE, 0)
    tp("E", "Checkout", "Purchase", Channel.WEBSITE, -2)
    tp("F", "Gets receipt", "Purchase", Channel.EMAIL, 2)
    for a, b in ("AC", "BC", "CD", "DE", "CE", "EF", "DG", "EC"):
        j.add_path(ids[a], ids[b])
    pain = AnnotationKind.PAIN_POINT
    j.add_annotation(Annotation(pain, "Chat queue", severity=4, votes=2), ids["D"])   # 4 x (1 + 2) = 12
    j.add_annotation(Annotation(pain, "Card refused", severity=5, votes=0), ids["E"])  # 5 x 1 = 5
    j.add_annotation(Annotation(pain, "Hidden fees", severity=2, votes=1), ids["E"])   # 2 x 2 = 4 -> E = 9
    j.add_annotation(Annotation(pain, "Loud advert", severity=1), ids["A"])            # 1 x 1 = 1
    j.add_annotation(Annotation(pain, "Stage-wide", severity=5, votes=9), s["Purchase"])  # on a stage: no weight
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Chatbot", severity=5, votes=5), ids["C"])  # not pain
    j.add_metric(Metric(MetricKind.NPS, value=10.0, target=30.0))
    j.add_metric(Metric(MetricKind.CSAT, value=70.0, target=80.0), s["Awareness"])
    j.add_metric(Metric(MetricKind.CES, value=4.0, target=3.0, higher_is_better=False), ids["E"])
    ids.update({f"S:{k}": v for k, v in s.items()})
    return j, ids


def test_pain_weight_is_severity_times_one_plus_votes():
    j, ids = build_current()
    assert pain_weight(j, ids["D"]) == 12  # 4 x (1 + 2)
    assert pain_weight(j, ids["E"]) == 9   # 5 x (1 + 0) + 2 x (1 + 1)
    assert pain_weight(j, ids["A"]) == 1   # 1 x (1 + 0)
    assert pain_weight(j, ids["C"]) == 0   # an opportunity is no pain
    assert analyse(j).pain_weights == {ids["A"]: 1, ids["D"]: 12, ids["E"]: 9}


def test_moments_of_truth():
    j, ids = build_current()
    mot = analyse(j).moments_of_truth
    assert (mot.emotion, mot.lowest_emotion) == (-2, [ids["D"], ids["E"]])  # both at -2, journey order
    assert (mot.pain_weight, mot.highest_pain) == (12, [ids["D"]])
    j.update(ids["E"], moment_of_truth=True)
    assert analyse(j).moments_of_truth.flagged == [ids["E"]]


def test_entries_exits_unreachable_and_dead_ends():
    j, ids = build_current()
    a = analyse(j)
    # A and B start the path in the first stage; F ends it in the last stage holding path touchpoints
    assert a.entries == [ids["A"], ids["B"]]
    assert a.exits == [ids["F"]]
    # X is a customer touchpoint on no path; the thought card T is not a customer touchpoint
    assert a.unreachable == [ids["X"]]
    assert ids["T"] not in [t.id for t in customer_touchpoints(j)]
    # G ends the path in Consideration, before the last stage
    assert a.dead_ends == [ids["G"]]


def test_loops_start_at_their_earliest_touchpoint():
    j, ids = build_current()
    # E->C closes two loops: C->D->E->C and C->E->C
    assert analyse(j).loops == [[ids["C"], ids["D"], ids["E"]], [ids["C"], ids["E"]]]


def test_critical_path_is_the_heaviest_entry_to_exit_path():
    j, ids = build_current()
    cp = analyse(j).critical_path
    # condensed loop {C, D, E} weighs 0 + 12 + 9 = 21; A->{CDE}->F = 1 + 21 + 0 = 22 beats B->{CDE}->F = 21
    assert cp.ids == [ids["A"], ids["C"], ids["D"], ids["E"], ids["F"]]
    assert cp.pain_weight == 22


def test_critical_path_without_loops_picks_the_heavier_branch():
    j = Journey("Branches")
    s = j.add_stage(Stage("Only")).id
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    t = {k: j.add_touchpoint(Touchpoint(k), s, lane).id for k in "PQRS"}
    for a, b in ("PQ", "PR", "QS", "RS"):
        j.add_path(t[a], t[b])
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "q", severity=2, votes=1), t["Q"])  # 2 x 2 = 4
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "r", severity=3, votes=1), t["R"])  # 3 x 2 = 6
    cp = analyse(j).critical_path
    assert cp.ids == [t["P"], t["R"], t["S"]] and cp.pain_weight == 6  # 0 + 6 + 0 beats 0 + 4 + 0


def test_a_closed_loop_has_an_entry_and_an_exit():
    j = Journey("Circle")
    s1, s2 = j.add_stage(Stage("One")).id, j.add_stage(Stage("Two")).id
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    p = j.add_touchpoint(Touchpoint("P"), s1, lane).id
    q = j.add_touchpoint(Touchpoint("Q"), s2, lane).id
    j.add_path(p, q)
    j.add_path(q, p)
    a = analyse(j)
    assert (a.entries, a.exits, a.unreachable, a.dead_ends) == ([p], [q], [], [])
    assert a.loops == [[p, q]]
    assert a.critical_path.ids == [p, q]


def test_no_path_drawn_reports_no_path_findings():
    j = Journey("Loose")
    s = j.add_stage(Stage("Only")).id
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    j.add_touchpoint(Touchpoint("P"), s, lane)
    a = analyse(j)
    assert (a.entries, a.exits, a.unreachable, a.dead_ends, a.loops, a.critical_path.ids) == ([], [], [], [], [], [])


def test_stage_gaps_and_channel_mix():
    j, ids = build_current()
    a = analyse(j)
    assert a.stages_without_touchpoints == [ids["S:Loyalty"]]
    # Awareness has a CSAT, Purchase one through its touchpoint E; Consideration and Loyalty have none
    assert a.stages_without_metrics == [ids["S:Consideration"], ids["S:Loyalty"]]
    assert a.channel_mix == {
        ids["S:Awareness"]: {"Advertising": 1, "Social media": 1},  # the thought card is not counted
        ids["S:Consideration"]: {"Website": 2, "Live chat": 1, "Phone": 1},
        ids["S:Purchase"]: {"Email": 1, "Website": 1},
        ids["S:Loyalty"]: {},
    }


def build_future() -> Journey:
    f = Journey("Future", state=JourneyState.FUTURE)
    aw = f.add_stage(Stage("Awareness")).id
    pu = f.add_stage(Stage("purchase")).id
    lane = f.add_lane(Lane(LaneKind.TOUCHPOINTS)).id
    advert = f.add_touchpoint(Touchpoint(" sees  ADVERT", channel=Channel.ADVERTISING, emotion=2), aw, lane).id
    f.add_touchpoint(Touchpoint("Reads reviews", channel=Channel.WEBSITE, emotion=-1), aw, lane)
    f.add_touchpoint(Touchpoint("Checkout", channel=Channel.WEBSITE, emotion=1), pu, lane)
    f.add_touchpoint(Touchpoint("Chatbot answers", channel=Channel.LIVE_CHAT), pu, lane)
    f.add_metric(Metric(MetricKind.NPS, target=45.0))
    f.add_metric(Metric(MetricKind.CSAT, target=85.0), advert)  # on a touchpoint of Awareness
    return f


def test_current_versus_future_state():
    current, ids = build_current()
    future = build_future()
    c = compare_states(current, future)
    chatbot = future.find("Chatbot answers").id
    assert c.added == [chatbot]
    assert c.removed == [ids[k] for k in ("B", "T", "D", "G", "X", "F")]
    changed = {ch.title: ch.fields for ch in c.changed}
    assert changed == {
        "Sees advert": {"emotion": (1, 2)},
        "Reads reviews": {"stage": ("Consideration", "Awareness")},
        "Checkout": {"emotion": (-2, 1)},
    }
    deltas = {d.title: d.delta for d in c.emotion_deltas}
    assert deltas == {"Sees advert": 1, "Reads reviews": 0, "Checkout": 3}  # 2-1, -1-(-1), 1-(-2)
    targets = {(t.kind, t.stage): (t.current, t.future, t.delta) for t in c.target_deltas}
    assert targets == {
        ("nps", None): (30.0, 45.0, 15.0),         # 45 - 30
        ("csat", "Awareness"): (80.0, 85.0, 5.0),  # stage metric now, touchpoint metric then: same stage
        ("ces", "Purchase"): (3.0, None, None),    # no future target
    }


def test_analyse_compares_with_the_other_state_in_the_project():
    current, ids = build_current()
    project = Project()
    project.add_journey(current)
    project.add_journey(build_future())
    a = analyse(current, project)
    assert a.comparison is not None and a.comparison.future_title == "Future"
    titles = [f.title for f in a.findings() if f.category == "Compared with Future"]
    assert "Emotion +3: Checkout" in titles
    assert "NPS target +15 (journey)" in titles
    data = json.loads(json.dumps(a.to_dict()))  # plain JSON
    assert data["comparison"]["emotion_deltas"][2]["delta"] == 3


def test_findings_carry_the_ids_they_concern():
    j, ids = build_current()
    findings = {f.title: f for f in analyse(j).findings()}
    assert findings["Highest pain weight (12)"].ids == [ids["D"]]
    assert findings["Critical path, pain weight 22"].ids == [ids[k] for k in "ACDEF"]
    assert findings["Unreachable touchpoints (1)"].ids == [ids["X"]]
    assert findings["Dead ends (1)"].ids == [ids["G"]]
    assert findings["Stages without touchpoints (1)"].ids == [ids["S:Loyalty"]]
    assert findings["Loop of 3 touchpoints"].detail == "Reads reviews → Asks in chat → Checkout → Reads reviews"


def test_the_bundled_sample():
    project = load_project(SAMPLE)
    current = project.journeys[0]
    a = analyse(current, project)
    by_title = {t.title: t.id for t in current.touchpoints()}
    # pain points on touchpoints (severity x (1 + votes)):
    #   reviews 2x4 = 8, live chat 3x6 = 18, delivery slot 5x10 = 50, "order delayed" 5x12 = 60,
    #   chasing call 4x9 = 36, damaged cushion 4x7 = 28, replacement wait 4x8 = 32 (one more is on a stage)
    assert a.moments_of_truth.pain_weight == 60
    assert a.moments_of_truth.highest_pain == [by_title['Receives an "order delayed" email']]
    assert sum(a.pain_weights.values()) == 8 + 18 + 50 + 60 + 36 + 28 + 32  # = 232
    # every pained touchpoint lies on the heaviest path, so it carries all 232
    assert a.critical_path.pain_weight == 232
    assert a.moments_of_truth.emotion == -2
    assert a.critical_path.ids[0] in a.entries and a.critical_path.ids[-1] in a.exits
    assert a.comparison is not None and a.comparison.added and a.comparison.removed


def test_emotion_scores_read_as_people_write_them():
    from app.model.vocabulary import signed

    assert [signed(s) for s in (-2, -1, 0, 1, 2)] == ["-2", "-1", "0", "+1", "+2"]
    current, _ = build_current()
    future = build_future()
    advert = next(t for t in future.touchpoints() if t.channel is Channel.ADVERTISING)
    future.update(advert.id, emotion=0)
    project = Project()
    project.add_journey(current)
    project.add_journey(future)
    details = {f.title: f.detail for f in analyse(current, project).findings()}
    assert details["Emotion -1: Sees advert"] == "+1 → 0"  # not "+0"
