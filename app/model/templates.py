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



def _actions(*pairs: tuple[str, str]) -> tuple[StarterTouchpoint, ...]:
    """One customer action card per stage, in the Customer actions lane."""
    return tuple(StarterTouchpoint(stage, title, Channel.OTHER, lane="Customer actions") for stage, title in pairs)


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
        StarterTouchpoint("Awareness", "Sees a social media advert", Channel.SOCIAL, "Marketing"),
        StarterTouchpoint("Awareness", "Finds the brand through search", Channel.WEBSITE, "Marketing"),
        StarterTouchpoint("Consideration", "Reads customer reviews", Channel.WEBSITE, "E-commerce"),
        StarterTouchpoint("Consideration", "Asks a question in live chat", Channel.LIVE_CHAT, "Customer service"),
        StarterTouchpoint("Purchase", "Checks out online", Channel.WEBSITE, "E-commerce"),
        StarterTouchpoint("Purchase", "Receives the order confirmation", Channel.EMAIL, "CRM"),
        StarterTouchpoint("Post-Purchase", "Receives the delivery", Channel.OTHER, "Logistics"),
        StarterTouchpoint("Post-Purchase", "Calls support with a question", Channel.PHONE, "Customer service"),
        StarterTouchpoint("Advocacy", "Writes a review", Channel.WEBSITE, "CRM"),
        StarterTouchpoint("Advocacy", "Recommends the brand to a friend", Channel.WORD_OF_MOUTH, "Marketing"),
        *_actions(("Awareness", "Notices a need"), ("Consideration", "Compares the options"),
                  ("Purchase", "Decides and buys"), ("Post-Purchase", "Uses the product"),
                  ("Advocacy", "Shares the experience")),
    ),
    (
        SuggestedMetric(MetricKind.CUSTOM, 25.0, "Awareness", "Branded search share", "%"),
        SuggestedMetric(MetricKind.CUSTOM, 3.0, "Consideration", "Product page conversion", "%"),
        SuggestedMetric(MetricKind.CES, 2.0, "Purchase", higher_is_better=False, source="Post-checkout survey"),
        SuggestedMetric(MetricKind.CSAT, 85.0, "Post-Purchase", source="Post-delivery survey"),
        SuggestedMetric(MetricKind.RETENTION, 60.0, "Post-Purchase", "12-month retention rate"),
        SuggestedMetric(MetricKind.NPS, 40.0, "Advocacy", source="Relationship survey"),
        SuggestedMetric(MetricKind.CLV, 450.0, None, "Customer lifetime value"),
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
        StarterTouchpoint("Awareness", "Hears about the brand from a friend", Channel.WORD_OF_MOUTH, "Marketing"),
        StarterTouchpoint("Awareness", "Sees a display advert", Channel.ADVERTISING, "Marketing"),
        StarterTouchpoint("Consideration", "Compares prices and reviews", Channel.WEBSITE, "E-commerce"),
        StarterTouchpoint("Purchase", "Buys in store", Channel.IN_STORE, "Retail operations"),
        StarterTouchpoint("Purchase", "Joins the loyalty programme at the till", Channel.IN_STORE, "Loyalty team"),
        StarterTouchpoint("Loyalty", "Receives a points statement", Channel.EMAIL, "Loyalty team"),
        StarterTouchpoint("Loyalty", "Redeems a reward in the app", Channel.MOBILE_APP, "Loyalty team"),
        StarterTouchpoint("Advocacy", "Shares a referral code", Channel.SOCIAL, "Loyalty team"),
        *_actions(("Awareness", "Notices the brand"), ("Consideration", "Weighs price against quality"),
                  ("Purchase", "Buys for the first time"), ("Loyalty", "Comes back to buy again"),
                  ("Advocacy", "Brings friends along")),
    ),
    (
        SuggestedMetric(MetricKind.CUSTOM, 40.0, "Awareness", "Aided brand awareness", "%"),
        SuggestedMetric(MetricKind.CSAT, 85.0, "Purchase", source="Receipt survey"),
        SuggestedMetric(MetricKind.RETENTION, 70.0, "Loyalty", "Repeat purchase rate"),
        SuggestedMetric(MetricKind.CUSTOM, 35.0, "Loyalty", "Active loyalty members", "%"),
        SuggestedMetric(MetricKind.NPS, 50.0, "Advocacy", source="Member survey"),
        SuggestedMetric(MetricKind.CLV, 800.0, None, "Customer lifetime value"),
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
        StarterTouchpoint("Aware", "Finds a blog article through search", Channel.WEBSITE, "Content marketing"),
        StarterTouchpoint("Engage", "Follows the brand on social media", Channel.SOCIAL, "Social media team"),
        StarterTouchpoint("Subscribe", "Downloads a guide for an email address", Channel.WEBSITE, "Demand generation"),
        StarterTouchpoint("Subscribe", "Receives the welcome email series", Channel.EMAIL, "Demand generation"),
        StarterTouchpoint("Convert", "Starts a low-cost trial", Channel.WEBSITE, "E-commerce"),
        StarterTouchpoint("Excite", "Completes onboarding in the app", Channel.MOBILE_APP, "Product"),
        StarterTouchpoint("Ascend", "Upgrades to an annual plan", Channel.EMAIL, "Sales"),
        StarterTouchpoint("Advocate", "Leaves a testimonial", Channel.WEBSITE, "Customer success"),
        StarterTouchpoint("Promote", "Joins the affiliate programme", Channel.WEBSITE, "Partnerships"),
        *_actions(("Aware", "Discovers the brand"), ("Engage", "Reads and watches for free"),
                  ("Subscribe", "Trades an email address for value"), ("Convert", "Makes a small first purchase"),
                  ("Excite", "Gets a quick win"), ("Ascend", "Buys more"), ("Advocate", "Tells the story when asked"),
                  ("Promote", "Promotes the brand actively")),
    ),
    (
        SuggestedMetric(MetricKind.CUSTOM, 2.5, "Subscribe", "Visitor-to-subscriber rate", "%"),
        SuggestedMetric(MetricKind.CUSTOM, 8.0, "Convert", "Subscriber-to-customer rate", "%"),
        SuggestedMetric(MetricKind.CES, 2.0, "Excite", "Onboarding effort", higher_is_better=False),
        SuggestedMetric(MetricKind.RETENTION, 80.0, "Ascend", "Annual plan renewal rate"),
        SuggestedMetric(MetricKind.NPS, 45.0, "Advocate"),
        SuggestedMetric(MetricKind.CLV, 1200.0, None, "Customer lifetime value"),
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
        StarterTouchpoint("Recognition", "Sees a paid search advert", Channel.ADVERTISING, "Performance marketing"),
        StarterTouchpoint("Recognition", "Watches an influencer video", Channel.SOCIAL, "Social media team"),
        StarterTouchpoint("Consideration", "Reads a comparison page", Channel.WEBSITE, "Content marketing"),
        StarterTouchpoint("Consideration", "Receives a retargeting email", Channel.EMAIL, "CRM"),
        StarterTouchpoint("Purchase", "Pays with a digital wallet", Channel.MOBILE_APP, "E-commerce"),
        StarterTouchpoint("Retention", "Receives a personalised offer", Channel.EMAIL, "CRM"),
        StarterTouchpoint("Retention", "Gets a push notification about a restock", Channel.MOBILE_APP, "CRM"),
        StarterTouchpoint("Advocacy", "Posts an unboxing photo", Channel.SOCIAL, "Social media team"),
        *_actions(("Recognition", "Scrolls past the brand"), ("Consideration", "Clicks through to compare"),
                  ("Purchase", "Orders on the phone"), ("Retention", "Opens the follow-up offers"),
                  ("Advocacy", "Shares the purchase")),
    ),
    (
        SuggestedMetric(MetricKind.CUSTOM, 2.0, "Recognition", "Click-through rate", "%"),
        SuggestedMetric(MetricKind.CUSTOM, 3.5, "Consideration", "Add-to-basket rate", "%"),
        SuggestedMetric(MetricKind.CES, 2.0, "Purchase", "Checkout effort", higher_is_better=False),
        SuggestedMetric(MetricKind.RETENTION, 55.0, "Retention", "90-day repeat rate"),
        SuggestedMetric(MetricKind.NPS, 35.0, "Advocacy"),
        SuggestedMetric(MetricKind.CLV, 320.0, None, "Customer lifetime value"),
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
        StarterTouchpoint("Request", "Reports a problem", Channel.PHONE, "Customer", lane="Customer actions"),
        StarterTouchpoint("Request", "Agent logs the request", Channel.PHONE, "Contact centre",
          lane="Frontstage touchpoints"),
        StarterTouchpoint("Request", "Ticket triaged and routed", Channel.OTHER, "Service desk",
          lane="Backstage (behind the line of visibility)"),
        StarterTouchpoint("Request", "CRM and ticketing system", Channel.OTHER, "IT", lane="Support processes"),
        StarterTouchpoint("Service delivery", "Receives the engineer visit", Channel.IN_STORE, "Customer",
          lane="Customer actions"),
        StarterTouchpoint("Service delivery", "Engineer fixes the fault on site", Channel.IN_STORE, "Field service",
          lane="Frontstage touchpoints"),
        StarterTouchpoint("Service delivery", "Spare part ordered from the warehouse", Channel.OTHER, "Logistics",
          lane="Backstage (behind the line of visibility)"),
        StarterTouchpoint("Service delivery", "Scheduling and dispatch", Channel.OTHER, "Operations",
          lane="Support processes"),
        StarterTouchpoint("Resolution", "Confirms the fix", Channel.EMAIL, "Customer", lane="Customer actions"),
        StarterTouchpoint("Resolution", "Follow-up survey", Channel.EMAIL, "Customer experience",
          lane="Frontstage touchpoints"),
        StarterTouchpoint("Resolution", "Ticket closed and invoiced", Channel.OTHER, "Finance",
          lane="Backstage (behind the line of visibility)"),
        StarterTouchpoint("Resolution", "Billing and survey platforms", Channel.OTHER, "IT", lane="Support processes"),
    ),
    (
        SuggestedMetric(MetricKind.CES, 2.5, "Request", "Effort to report a problem", higher_is_better=False),
        SuggestedMetric(MetricKind.CUSTOM, 80.0, "Service delivery", "First-time fix rate", "%"),
        SuggestedMetric(MetricKind.CSAT, 90.0, "Resolution", source="Follow-up survey"),
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
