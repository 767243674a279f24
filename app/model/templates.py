"""Starter journeys built from the CX models of the reference articles.

Each Template names its stages, lanes, a few starter touchpoints on realistic channels
and suggested metrics with targets (values left empty for the team to fill in).
`build_template(name)` turns one into a fresh Project; `waymark new` and the editor's
New-from-template dialog use it. `blank_project()` is what File > New and a bare start open:
the five-stage template's stages with the lanes of the blank template, nothing in them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .elements import Lane, Metric, ModelError, Stage, Touchpoint
from .journey import Journey
from .project import Project
from .vocabulary import Channel, LaneKind, MetricKind


@dataclass(frozen=True)
class StarterTouchpoint:
    stage: str
    title: str
    channel: Channel
    owner: str = ""
    description: str = ""
    lane: str = ""  # lane title; empty: the first touchpoints lane


@dataclass(frozen=True)
class SuggestedMetric:
    kind: MetricKind
    target: float
    stage: str | None = None  # None: the whole journey
    name: str = ""
    unit: str | None = None  # None: the kind's default unit
    higher_is_better: bool = True
    source: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    stages: tuple[tuple[str, str], ...]  # (name, description)
    lanes: tuple[tuple[LaneKind, str], ...] = ()  # (kind, title); empty title: the kind's label
    touchpoints: tuple[StarterTouchpoint, ...] = ()
    metrics: tuple[SuggestedMetric, ...] = ()
    connect_path: bool = True
    notes: str = field(default="")


_STANDARD_LANES: tuple[tuple[LaneKind, str], ...] = (
    (LaneKind.ACTIONS, ""),
    (LaneKind.TOUCHPOINTS, ""),
    (LaneKind.THOUGHTS, ""),
    (LaneKind.EMOTION, ""),
    (LaneKind.PAIN_POINTS, ""),
    (LaneKind.OPPORTUNITIES, ""),
    (LaneKind.METRICS, ""),
)

T = StarterTouchpoint


def _actions(*pairs: tuple[str, str]) -> tuple[StarterTouchpoint, ...]:
    """One customer action card per stage, in the Customer actions lane."""
    return tuple(StarterTouchpoint(stage, title, Channel.OTHER, lane="Customer actions") for stage, title in pairs)

M = SuggestedMetric
C = Channel
K = MetricKind

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
    (
        T("Awareness", "Sees a social media advert", C.SOCIAL, "Marketing"),
        T("Awareness", "Finds the brand through search", C.WEBSITE, "Marketing"),
        T("Consideration", "Reads customer reviews", C.WEBSITE, "E-commerce"),
        T("Consideration", "Asks a question in live chat", C.LIVE_CHAT, "Customer service"),
        T("Purchase", "Checks out online", C.WEBSITE, "E-commerce"),
        T("Purchase", "Receives the order confirmation", C.EMAIL, "CRM"),
        T("Post-Purchase", "Receives the delivery", C.OTHER, "Logistics"),
        T("Post-Purchase", "Calls support with a question", C.PHONE, "Customer service"),
        T("Advocacy", "Writes a review", C.WEBSITE, "CRM"),
        T("Advocacy", "Recommends the brand to a friend", C.WORD_OF_MOUTH, "Marketing"),
        *_actions(("Awareness", "Notices a need"), ("Consideration", "Compares the options"),
                  ("Purchase", "Decides and buys"), ("Post-Purchase", "Uses the product"),
                  ("Advocacy", "Shares the experience")),
    ),
    (
        M(K.CUSTOM, 25.0, "Awareness", "Branded search share", "%"),
        M(K.CUSTOM, 3.0, "Consideration", "Product page conversion", "%"),
        M(K.CES, 2.0, "Purchase", higher_is_better=False, source="Post-checkout survey"),
        M(K.CSAT, 85.0, "Post-Purchase", source="Post-delivery survey"),
        M(K.RETENTION, 60.0, "Post-Purchase", "12-month retention rate"),
        M(K.NPS, 40.0, "Advocacy", source="Relationship survey"),
        M(K.CLV, 450.0, None, "Customer lifetime value"),
    ),
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
    (
        T("Awareness", "Hears about the brand from a friend", C.WORD_OF_MOUTH, "Marketing"),
        T("Awareness", "Sees a display advert", C.ADVERTISING, "Marketing"),
        T("Consideration", "Compares prices and reviews", C.WEBSITE, "E-commerce"),
        T("Purchase", "Buys in store", C.IN_STORE, "Retail operations"),
        T("Purchase", "Joins the loyalty programme at the till", C.IN_STORE, "Loyalty team"),
        T("Loyalty", "Receives a points statement", C.EMAIL, "Loyalty team"),
        T("Loyalty", "Redeems a reward in the app", C.MOBILE_APP, "Loyalty team"),
        T("Advocacy", "Shares a referral code", C.SOCIAL, "Loyalty team"),
        *_actions(("Awareness", "Notices the brand"), ("Consideration", "Weighs price against quality"),
                  ("Purchase", "Buys for the first time"), ("Loyalty", "Comes back to buy again"),
                  ("Advocacy", "Brings friends along")),
    ),
    (
        M(K.CUSTOM, 40.0, "Awareness", "Aided brand awareness", "%"),
        M(K.CSAT, 85.0, "Purchase", source="Receipt survey"),
        M(K.RETENTION, 70.0, "Loyalty", "Repeat purchase rate"),
        M(K.CUSTOM, 35.0, "Loyalty", "Active loyalty members", "%"),
        M(K.NPS, 50.0, "Advocacy", source="Member survey"),
        M(K.CLV, 800.0, None, "Customer lifetime value"),
    ),
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
    (
        T("Aware", "Finds a blog article through search", C.WEBSITE, "Content marketing"),
        T("Engage", "Follows the brand on social media", C.SOCIAL, "Social media team"),
        T("Subscribe", "Downloads a guide for an email address", C.WEBSITE, "Demand generation"),
        T("Subscribe", "Receives the welcome email series", C.EMAIL, "Demand generation"),
        T("Convert", "Starts a low-cost trial", C.WEBSITE, "E-commerce"),
        T("Excite", "Completes onboarding in the app", C.MOBILE_APP, "Product"),
        T("Ascend", "Upgrades to an annual plan", C.EMAIL, "Sales"),
        T("Advocate", "Leaves a testimonial", C.WEBSITE, "Customer success"),
        T("Promote", "Joins the affiliate programme", C.WEBSITE, "Partnerships"),
        *_actions(("Aware", "Discovers the brand"), ("Engage", "Reads and watches for free"),
                  ("Subscribe", "Trades an email address for value"), ("Convert", "Makes a small first purchase"),
                  ("Excite", "Gets a quick win"), ("Ascend", "Buys more"), ("Advocate", "Tells the story when asked"),
                  ("Promote", "Promotes the brand actively")),
    ),
    (
        M(K.CUSTOM, 2.5, "Subscribe", "Visitor-to-subscriber rate", "%"),
        M(K.CUSTOM, 8.0, "Convert", "Subscriber-to-customer rate", "%"),
        M(K.CES, 2.0, "Excite", "Onboarding effort", higher_is_better=False),
        M(K.RETENTION, 80.0, "Ascend", "Annual plan renewal rate"),
        M(K.NPS, 45.0, "Advocate"),
        M(K.CLV, 1200.0, None, "Customer lifetime value"),
    ),
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
    (
        T("Recognition", "Sees a paid search advert", C.ADVERTISING, "Performance marketing"),
        T("Recognition", "Watches an influencer video", C.SOCIAL, "Social media team"),
        T("Consideration", "Reads a comparison page", C.WEBSITE, "Content marketing"),
        T("Consideration", "Receives a retargeting email", C.EMAIL, "CRM"),
        T("Purchase", "Pays with a digital wallet", C.MOBILE_APP, "E-commerce"),
        T("Retention", "Receives a personalised offer", C.EMAIL, "CRM"),
        T("Retention", "Gets a push notification about a restock", C.MOBILE_APP, "CRM"),
        T("Advocacy", "Posts an unboxing photo", C.SOCIAL, "Social media team"),
        *_actions(("Recognition", "Scrolls past the brand"), ("Consideration", "Clicks through to compare"),
                  ("Purchase", "Orders on the phone"), ("Retention", "Opens the follow-up offers"),
                  ("Advocacy", "Shares the purchase")),
    ),
    (
        M(K.CUSTOM, 2.0, "Recognition", "Click-through rate", "%"),
        M(K.CUSTOM, 3.5, "Consideration", "Add-to-basket rate", "%"),
        M(K.CES, 2.0, "Purchase", "Checkout effort", higher_is_better=False),
        M(K.RETENTION, 55.0, "Retention", "90-day repeat rate"),
        M(K.NPS, 35.0, "Advocacy"),
        M(K.CLV, 320.0, None, "Customer lifetime value"),
    ),
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
    (
        T("Request", "Reports a problem", C.PHONE, "Customer", lane="Customer actions"),
        T("Request", "Agent logs the request", C.PHONE, "Contact centre", lane="Frontstage touchpoints"),
        T("Request", "Ticket triaged and routed", C.OTHER, "Service desk",
          lane="Backstage (behind the line of visibility)"),
        T("Request", "CRM and ticketing system", C.OTHER, "IT", lane="Support processes"),
        T("Service delivery", "Receives the engineer visit", C.IN_STORE, "Customer", lane="Customer actions"),
        T("Service delivery", "Engineer fixes the fault on site", C.IN_STORE, "Field service",
          lane="Frontstage touchpoints"),
        T("Service delivery", "Spare part ordered from the warehouse", C.OTHER, "Logistics",
          lane="Backstage (behind the line of visibility)"),
        T("Service delivery", "Scheduling and dispatch", C.OTHER, "Operations", lane="Support processes"),
        T("Resolution", "Confirms the fix", C.EMAIL, "Customer", lane="Customer actions"),
        T("Resolution", "Follow-up survey", C.EMAIL, "Customer experience", lane="Frontstage touchpoints"),
        T("Resolution", "Ticket closed and invoiced", C.OTHER, "Finance",
          lane="Backstage (behind the line of visibility)"),
        T("Resolution", "Billing and survey platforms", C.OTHER, "IT", lane="Support processes"),
    ),
    (
        M(K.CES, 2.5, "Request", "Effort to report a problem", higher_is_better=False),
        M(K.CUSTOM, 80.0, "Service delivery", "First-time fix rate", "%"),
        M(K.CSAT, 90.0, "Resolution", source="Follow-up survey"),
    ),
    connect_path=False,
)

BLANK = Template(
    "blank",
    "Blank journey",
    "Three empty stages and the standard lanes, to start from scratch.",
    (("Stage 1", ""), ("Stage 2", ""), ("Stage 3", "")),
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


def build_template(name: str, title: str | None = None) -> Project:
    """A new project with one current-state journey laid out as the named template."""
    template = TEMPLATES.get(name)
    if template is None:
        raise ModelError(f"no template named {name!r}; the templates are: {', '.join(TEMPLATES)}")
    return project_from_template(template, title or template.title, title or template.title)


# File > New: the canonical five stages, named as in the five-stage template, and the blank
# template's lanes; no starter content
UNTITLED = Template("untitled", "Customer journey", "A new, empty map.",
                    tuple((name, "") for name, _ in FIVE_STAGE.stages), BLANK.lanes)


def blank_project() -> Project:
    """The project a new window opens with (File > New, or no file given)."""
    return project_from_template(UNTITLED, "Untitled project", UNTITLED.title)


def project_from_template(template: Template, project_title: str, journey_title: str) -> Project:
    """A new project with one current-state journey laid out as template."""
    project = Project(project_title)
    journey = project.add_journey(Journey(journey_title))
    with journey.batched():
        stages = {n: journey.add_stage(Stage(n, description=d)).id for n, d in template.stages}
        lanes: dict[str, str] = {}
        for kind, lane_title in template.lanes:
            lane = journey.add_lane(Lane(kind, lane_title))
            lanes.setdefault(lane.title, lane.id)
        default_lane = journey.card_lane()
        previous: str | None = None
        for starter in template.touchpoints:
            if starter.lane:
                lane_id = lanes[starter.lane]
            elif default_lane is not None:
                lane_id = default_lane.id
            else:
                raise ModelError(f"the {template.name!r} template has touchpoints but no touchpoints lane")
            tp = journey.add_touchpoint(
                Touchpoint(starter.title, description=starter.description, channel=starter.channel,
                           owner=starter.owner),
                stages[starter.stage],
                lane_id,
            )
            if starter.lane:
                continue  # the customer path runs through the touchpoints lane only
            if template.connect_path and previous is not None:
                journey.add_path(previous, tp.id)
            previous = tp.id
        for suggested in template.metrics:
            journey.add_metric(
                Metric(
                    suggested.kind,
                    suggested.name,
                    target=suggested.target,
                    unit=suggested.kind.default_unit if suggested.unit is None else suggested.unit,
                    higher_is_better=suggested.higher_is_better,
                    source=suggested.source,
                ),
                stages[suggested.stage] if suggested.stage else None,
            )
    return project
