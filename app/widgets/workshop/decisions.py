"""The facilitator's decisions on what the room sent, each one undoable step through JourneyEditor:
accept a note (the card in the right lane), merge it into a card (a supporter more), apply the
room's ratings (the emotion curve) or votes (dots on the cards). Each step also updates the
session's results in the project (app.model.workshop_results), so undo takes both back.
"""

from __future__ import annotations

from app.editing import JourneyEditor
from app.live.workshop.state import Contribution, SessionState
from app.model import AnnotationKind, Journey, LaneKind, NodeKind
from app.model.workshop_results import WorkshopResults

# the lane a note of each kind becomes a card in (pain points and ideas become annotations)
LANE_OF_KIND = {"thought": LaneKind.THOUGHTS, "question": LaneKind.TEXT, "touchpoint": LaneKind.TOUCHPOINTS}
ANNOTATION_OF_KIND = {"pain_point": AnnotationKind.PAIN_POINT, "opportunity": AnnotationKind.OPPORTUNITY}


def session_id(state: SessionState) -> str:
    return f"{state.code}-{state.started}"


def current_results(editor: JourneyEditor, journey: Journey, state: SessionState) -> WorkshopResults:
    found = editor.project.workshop(session_id(state))
    return found.copy() if found else WorkshopResults(session_id(state), journey.id, state.started)


def _name(results: WorkshopResults, state: SessionState, pid: str) -> None:
    participant = state.participants.get(pid)
    results.participants[pid] = participant.name if participant else ""


def accept(editor: JourneyEditor, journey: Journey, state: SessionState, note: Contribution) -> str:
    """Make the note a card (or a pain point / opportunity on its stage); returns the new element's id."""
    if note.stage not in journey or journey.kind_of(note.stage) is not NodeKind.STAGE:
        raise ValueError("its stage is no longer on the map")
    results = current_results(editor, journey, state)
    with editor.macro("Accept workshop note"):
        if note.kind in ANNOTATION_OF_KIND:
            card = editor.add_annotation(journey, ANNOTATION_OF_KIND[note.kind], note.stage, text=note.text).id
        else:
            lane_kind = LANE_OF_KIND[note.kind]
            if note.kind == "touchpoint" and note.lane:
                chosen = LaneKind(note.lane) if note.lane in LaneKind._value2member_map_ else None
                if chosen is not None and chosen.holds_cards:
                    lane_kind = chosen  # a touchpoint aimed at Actions or Backstage goes there
            lanes = journey.lanes_of_kind(lane_kind)
            lane = lanes[0] if lanes else editor.add_lane(journey, lane_kind)
            card = editor.add_touchpoint(journey, note.stage, lane.id, title=note.text,
                                         text="Accept workshop note").id
        _name(results, state, note.participant)
        results.supporters[card] = [note.participant]
        editor.set_workshop(results)
    return card


def merge(editor: JourneyEditor, journey: Journey, state: SessionState, note: Contribution, card: str) -> None:
    """Count the note's author as a supporter of an existing card."""
    if card not in journey:
        raise ValueError("that card is no longer on the map")
    results = current_results(editor, journey, state)
    _name(results, state, note.participant)
    people = results.supporters.setdefault(card, [])
    if note.participant not in people:
        people.append(note.participant)
    editor.set_workshop(results, "Merge workshop note")


def apply_ratings(editor: JourneyEditor, journey: Journey, state: SessionState) -> int:
    """Set the room's rounded mean rating on the touchpoints of each rated stage; returns how many
    touchpoints changed. One undo step."""
    ratings = state.stage_ratings()
    results = current_results(editor, journey, state)
    changed = 0
    with editor.macro("Apply the room's ratings"):
        for stage in journey.stages():
            room = ratings.get(stage.id)
            if room is None:
                continue
            score = max(-2, min(2, round(room.mean)))
            for lane in journey.lanes_of_kind(LaneKind.TOUCHPOINTS):
                for tp in journey.touchpoints(stage.id, lane.id):
                    if tp.emotion != score:
                        editor.set_emotion(journey, tp.id, score)
                        changed += 1
            results.ratings[stage.id] = {}
            for pid, scores in state.ratings.items():
                if stage.id in scores and not state.participants[pid].removed:
                    results.ratings[stage.id][pid] = scores[stage.id]
                    _name(results, state, pid)
        editor.set_workshop(results)
    return changed


def apply_votes(editor: JourneyEditor, journey: Journey, state: SessionState) -> int:
    """Bring the cards' votes in line with the room's dots: add the dots placed since the last time,
    take back those withdrawn (or of a removed participant); returns the net change. One undo step."""
    results = current_results(editor, journey, state)
    now = {(pid, card): n for pid, dots in state.votes.items() if not state.participants[pid].removed
           for card, n in dots.items()}
    before = {(pid, card): n for card, by in results.votes.items() for pid, n in by.items()}
    change: dict[str, int] = {}
    for pid, card in sorted(set(now) | set(before)):
        delta = now.get((pid, card), 0) - before.get((pid, card), 0)
        if delta and card in journey:
            change[card] = change.get(card, 0) + delta
            by = results.votes.setdefault(card, {})
            if now.get((pid, card)):
                by[pid] = now[(pid, card)]
                _name(results, state, pid)
            else:
                by.pop(pid, None)
                if not by:
                    del results.votes[card]
    with editor.macro("Apply the room's votes"):
        for card, delta in change.items():
            votes = max(0, journey.get(card).votes + delta)
            editor.update(journey, card, step="Apply the room's votes", votes=votes)
        editor.set_workshop(results)
    return sum(change.values())
