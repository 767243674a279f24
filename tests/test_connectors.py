"""The customer path's connectors never pass over another card's text: a loop back to an earlier
stage whose arc would cross cards goes round them through the gutters, on the canvas and in every
export (they all draw the one layout)."""

from __future__ import annotations

import pytest

from app.layout import layout_journey
from app.layout.journey_layout import crosses_card
from app.model import Journey, Lane, LaneKind, Stage, Touchpoint, load_project
from app.model.sample import SAMPLE_PATH
from app.model.synthetic import synthetic_project


def crossings(journey: Journey, personas: list) -> list[tuple[str, str, str]]:
    layout = layout_journey(journey, personas)
    return [(arrow.source, arrow.target, cid) for arrow in layout.arrows for piece in arrow.segments
            for cid, card in layout.cards.items() if cid not in (arrow.source, arrow.target)
            and crosses_card(piece, card.rect)]


def looping_journey() -> tuple[Journey, str, str]:
    """Three stages of stacked cards; the last card of the last stage leads back to the first
    card of the first stage, under cards above it and over a whole column between."""
    j = Journey("Loop")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    ids = []
    for s in range(3):
        stage = j.add_stage(Stage(f"Stage {s}"))
        for t in range(3):
            ids.append(j.add_touchpoint(Touchpoint(f"Card {s}.{t} with a longer title"), stage.id, lane.id).id)
    for a, b in zip(ids, ids[1:], strict=False):
        j.add_path(a, b)
    j.add_path(ids[-1], ids[0])
    return j, ids[-1], ids[0]


def test_a_step_that_skips_a_stage_goes_round_the_cards_between() -> None:
    journey, _last, _first = looping_journey()
    middle_of_first = journey.touchpoints()[1].id
    middle_of_last = journey.touchpoints()[7].id
    journey.add_path(middle_of_first, middle_of_last)  # over the whole middle column, at card height
    assert crossings(journey, []) == []
    arrow = next(a for a in layout_journey(journey, []).arrows if (a.source, a.target) ==
                 (middle_of_first, middle_of_last))
    assert len(arrow.segments) > 1


def test_a_loop_back_goes_round_the_cards_in_its_way() -> None:
    journey, last, first = looping_journey()
    assert crossings(journey, []) == []
    arrow = next(a for a in layout_journey(journey, []).arrows if (a.source, a.target) == (last, first))
    assert len(arrow.segments) > 1  # routed: out of the right side, over the top, into the left side
    layout = layout_journey(journey, [])
    assert arrow.segments[0][0] == (layout.cards[last].rect.right, layout.cards[last].rect.cy)
    assert arrow.segment[3] == (layout.cards[first].rect.x, layout.cards[first].rect.cy)


@pytest.mark.parametrize("which", [0, 1])
def test_no_connector_of_the_sample_crosses_a_card(which: int) -> None:
    project = load_project(SAMPLE_PATH)
    assert crossings(project.journeys[which], project.personas) == []


def test_no_connector_of_a_large_map_crosses_a_card() -> None:
    project = synthetic_project(200)
    assert crossings(project.journeys[0], project.personas) == []


def test_the_pdf_draws_the_routed_connector(tmp_path) -> None:
    import io

    from pypdf import PdfReader

    from app.export.pdf import PdfExporter, PdfOptions
    from app.model import Project

    journey, _last, _first = looping_journey()
    project = Project("Loop", "en")
    project.add_journey(journey)
    plain = Project("Loop", "en")
    straight, *_ = looping_journey()
    straight.remove_path(*next((a, b) for a, b in straight.path_edges() if straight.get(b).title.startswith(
        "Card 0.0")))
    plain.add_journey(straight)

    def curves(p: Project) -> int:
        page = PdfReader(io.BytesIO(PdfExporter(p, PdfOptions(sections=("map",))).render())).pages[0]
        import re

        return len(re.findall(rb"(?:-?[\d.]+\s+){6}c\b", page.get_contents().get_data()))

    assert curves(project) - curves(plain) >= 5  # the loop's legs and rounded corners, not one arc


def test_on_the_canvas_a_routed_step_is_cut_into_pieces_along_all_its_legs() -> None:
    from app.render import draw

    journey, last, first = looping_journey()
    arrow = next(a for a in layout_journey(journey, []).arrows if (a.source, a.target) == (last, first))
    boxes = draw.arrow_piece_boxes(arrow)
    assert draw.piece_count(arrow) == len(boxes) - 1 >= len(arrow.segments)  # every leg, then the head
    # the pieces together cover the whole route: its top-most leg (along under the stage headers) included
    top = min(p[1] for piece in arrow.segments for p in piece)
    assert min(box[1] for box in boxes) <= top
