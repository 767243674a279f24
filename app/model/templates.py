"""Starter journeys built from the CX models of the reference articles: clean scaffolds.

A Template names its stages (each with a description saying what happens there), its lanes, and
the prompts the team answers while filling it in (kept in the journey's notes). It holds no sample
data: no touchpoints, pain points or metrics a team would have to find and delete first.
`build_template(name)` turns one into a fresh Project; `waymark new` and the editor's
New-from-template dialog use it. `blank_project()` is what File > New and a bare start open:
the five-stage template's stages with the lanes of the blank template, nothing in them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .elements import Lane, ModelError, Stage
from .journey import Journey
from .project import Project
from .vocabulary import LaneKind


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    stages: tuple[tuple[str, str], ...]  # (name, description)
    lanes: tuple[tuple[LaneKind, str], ...] = ()  # (kind, title); empty title: the kind's label


# the question each lane answers, stage by stage: the template's prompts
LANE_PROMPTS: dict[LaneKind, str] = {
    LaneKind.ACTIONS: "What does the customer do?",
    LaneKind.TOUCHPOINTS: "Where and through which channel do they meet us?",
    LaneKind.THOUGHTS: "What do they think and ask themselves?",
    LaneKind.EMOTION: "How do they feel, from -2 (frustrated) to +2 (delighted)?",
    LaneKind.PAIN_POINTS: "What gets in their way, and how badly (severity 1-5)?",
    LaneKind.OPPORTUNITIES: "What could we do better?",
    LaneKind.METRICS: "How do we measure it (CSAT, NPS, CES, retention, ...)?",
    LaneKind.BACKSTAGE: "What happens behind the scenes to make it work?",
    LaneKind.TEXT: "What else should the team know?",
}

_STANDARD_LANES: tuple[tuple[LaneKind, str], ...] = (
    (LaneKind.ACTIONS, ""),
    (LaneKind.TOUCHPOINTS, ""),
    (LaneKind.THOUGHTS, ""),
    (LaneKind.EMOTION, ""),
    (LaneKind.PAIN_POINTS, ""),
    (LaneKind.OPPORTUNITIES, ""),
    (LaneKind.METRICS, ""),
)

FIVE_STAGE = Template(
    "five-stage",
    "Five-stage customer journey",
    "The canonical journey: Awareness, Consideration, Purchase, Post-Purchase and Advocacy.",
    (
        ("Awareness", "The customer first hears of the brand and its offer."),
        ("Consideration", "Research, comparison and evaluation against alternatives."),
        ("Purchase", "The decision and the transaction itself."),
        ("Post-Purchase", "Delivery, onboarding, support and repeat purchases."),
        ("Advocacy", "Satisfied customers recommend the brand to others."),
    ),
    _STANDARD_LANES,
)

LOYALTY_FUNNEL = Template(
    "loyalty-funnel",
    "Loyalty funnel",
    "Awareness to Advocacy with a Loyalty stage, for brands that grow through repeat customers.",
    (
        ("Awareness", "The customer learns the brand exists."),
        ("Consideration", "The customer weighs the brand against alternatives."),
        ("Purchase", "The first purchase."),
        ("Loyalty", "Repeat purchases, membership and rewards."),
        ("Advocacy", "Loyal customers refer others and defend the brand."),
    ),
    _STANDARD_LANES,
)

VALUE_JOURNEY = Template(
    "value-journey",
    "Customer Value Journey",
    "The eight-stage Customer Value Journey: Aware, Engage, Subscribe, Convert, Excite, Ascend, "
    "Advocate, Promote.",
    (
        ("Aware", "The prospect discovers the brand."),
        ("Engage", "The prospect consumes free content and starts to trust the brand."),
        ("Subscribe", "The prospect gives contact details in exchange for value."),
        ("Convert", "A small first commitment: a trial or an entry-level offer."),
        ("Excite", "The customer gets a quick win and sees the value."),
        ("Ascend", "The customer buys more: upgrades, bundles, subscriptions."),
        ("Advocate", "The customer tells a good story about the brand when asked."),
        ("Promote", "The customer actively promotes the brand, e.g. as an affiliate."),
    ),
    _STANDARD_LANES,
)

DIGITAL_MARKETING = Template(
    "digital-marketing",
    "Digital marketing journey",
    "Recognition, Consideration, Purchase, Retention and Advocacy across digital channels.",
    (
        ("Recognition", "The customer recognises the brand in ads, search and social feeds."),
        ("Consideration", "The customer compares features, prices and testimonials."),
        ("Purchase", "The online transaction."),
        ("Retention", "Post-purchase engagement that brings the customer back."),
        ("Advocacy", "Reviews, shares and referrals."),
    ),
    _STANDARD_LANES,
)

SERVICE_BLUEPRINT = Template(
    "service-blueprint",
    "Service blueprint",
    "Customer actions over frontstage touchpoints, backstage work behind the line of visibility, "
    "and the support processes beneath.",
    (
        ("Request", "The customer asks for the service."),
        ("Service delivery", "The service is delivered."),
        ("Resolution", "The outcome is confirmed and followed up."),
    ),
    (
        (LaneKind.ACTIONS, "Customer actions"),
        (LaneKind.TOUCHPOINTS, "Frontstage touchpoints"),
        (LaneKind.BACKSTAGE, "Backstage (behind the line of visibility)"),
        (LaneKind.BACKSTAGE, "Support processes"),
        (LaneKind.EMOTION, ""),
        (LaneKind.PAIN_POINTS, ""),
        (LaneKind.METRICS, ""),
    ),
)

BLANK = Template(
    "blank",
    "Blank journey",
    "Three empty stages and the standard lanes, to start from scratch.",
    (
        ("Stage 1", ""),
        ("Stage 2", ""),
        ("Stage 3", ""),
    ),
    (
        (LaneKind.TOUCHPOINTS, ""),
        (LaneKind.EMOTION, ""),
        (LaneKind.PAIN_POINTS, ""),
        (LaneKind.OPPORTUNITIES, ""),
    ),
)

TEMPLATES: dict[str, Template] = {
    t.name: t for t in (FIVE_STAGE, LOYALTY_FUNNEL, VALUE_JOURNEY, DIGITAL_MARKETING, SERVICE_BLUEPRINT, BLANK)
}


def prompts(template: Template) -> str:
    """The questions to answer in each stage, one per lane of the template."""
    lines = ["For each stage, answer:"]
    for kind, title in template.lanes:
        lines.append(f"- {title or kind.label}: {LANE_PROMPTS[kind]}")
    return "\n".join(lines)


def build_template(name: str, title: str | None = None) -> Project:
    """A new project with one current-state journey laid out as the named template, its prompts in the notes."""
    template = TEMPLATES.get(name)
    if template is None:
        raise ModelError(f"no template named {name!r}; the templates are: {', '.join(TEMPLATES)}")
    return project_from_template(template, title or template.title, title or template.title, prompts(template))


# File > New: the canonical five stages, named as in the five-stage template, and the blank
# template's lanes; no starter content
UNTITLED = Template("untitled", "Customer journey", "A new, empty map.",
                    tuple((name, "") for name, _ in FIVE_STAGE.stages), BLANK.lanes)


def blank_project() -> Project:
    """The project a new window opens with (File > New, or no file given)."""
    return project_from_template(UNTITLED, "Untitled project", UNTITLED.title)


def project_from_template(template: Template, project_title: str, journey_title: str, notes: str = "") -> Project:
    """A new project with one current-state journey laid out as template: its stages and lanes, nothing in them."""
    project = Project(project_title)
    journey = project.add_journey(Journey(journey_title, notes=notes))
    with journey.batched():
        for stage_name, description in template.stages:
            journey.add_stage(Stage(stage_name, description=description))
        for kind, lane_title in template.lanes:
            journey.add_lane(Lane(kind, lane_title))
    return project
