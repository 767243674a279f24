"""The bundled sample project: Northwind Home, an online furniture retailer, buying a sofa.

A current-state journey (as researched) and the future-state journey of the same
customer, with two personas. Every id is a uuid5 of the element's name, so that
`build_sample()` always produces the same file; `python -m app.model.sample` rewrites
resources/samples/online-retailer.journey and a test checks the committed copy.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

from .elements import Annotation, Lane, Metric, MetricSample, Persona, Stage, Touchpoint
from .journey import Journey
from .project import Project
from .storage import save_project
from .report import ReportSettings
from .vocabulary import AnnotationKind, Channel, JourneyState, LaneKind, MetricKind, OpportunityStatus

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "samples" / "online-retailer.journey"
_NAMESPACE = uuid.UUID("6f0c1c2e-7d1a-5b8e-9a64-2f1d3c9e4b71")


def sample_id(*parts: str) -> str:
    """A stable id from names: the same names always give the same id."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


_MERIDIAN_LOGO = (  # the consultancy's mark, an SVG stored in the project as the report's logo
    "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0NCIgaGVpZ2"
    "h0PSI0MCIgdmlld0JveD0iMCAwIDQ0IDQwIj48cGF0aCBkPSJNNCAzNCBMMTQgOCBMMjIgMjQgTDMwIDggTDQwIDM0IiBmaWxsPS"
    "Jub25lIiBzdHJva2U9IiMxZjZmOGIiIHN0cm9rZS13aWR0aD0iNSIgc3Ryb2tlLWxpbmVqb2luPSJyb3VuZCIvPjxjaXJjbGUgY3"
    "g9IjIyIiBjeT0iMzQiIHI9IjMuNSIgZmlsbD0iI2UwN2EyZiIvPjwvc3ZnPg=="
)

PRIYA = sample_id("persona", "priya")
GRAHAM = sample_id("persona", "graham")

PERSONAS = (
    Persona(
        "Priya Shah", id=PRIYA, role="First-home furnisher, 31",
        description="Marketing manager in Leeds who has just bought her first flat. Shops on her phone in the "
                    "evening, researches thoroughly and reads every review before spending over £500.",
        goals=["A sofa that fits a small living room and a narrow stairwell",
               "Delivery on a Saturday, when she is at home", "Paying in instalments without hidden fees"],
        frustrations=["Vague delivery dates", "Chat bots that cannot answer simple questions",
                      "Having to take a day off work for a delivery window"],
        color="#4C78A8",
    ),
    Persona(
        "Graham Okafor", id=GRAHAM, role="Returning customer, 58",
        description="Retired teacher in Bristol who bought a dining table from Northwind four years ago. "
                    "Prefers to phone and likes to see fabrics in person before deciding.",
        goals=["Replace a worn armchair with something that matches the table",
               "Talk to a person who knows the products", "Have the old chair taken away"],
        frustrations=["Long phone queues", "Repeating his order number to every agent",
                      "Emails full of offers he did not ask for"],
        color="#F58518",
    ),
)

# (name, description, five C's: clarity, consistency, customization, connection, concern,
#  key components: personalization, consistency, convenience, communication, empathy)
STAGES = (
    ("Awareness", "Priya and Graham first meet Northwind Home through ads, search and friends.",
     (4, 3, 2, 3, 3), (2, 3, 4, 3, 3)),
    ("Consideration", "They compare sofas, fabrics, sizes and prices across retailers.",
     (3, 3, 4, 4, 3), (4, 3, 3, 2, 3)),
    ("Purchase", "Checkout, payment options and choosing a delivery slot.",
     (2, 3, 2, 3, 2), (2, 3, 2, 2, 2)),
    ("Delivery", "From order confirmation to the sofa in the living room.",
     (1, 2, 2, 2, 1), (2, 2, 2, 1, 1)),
    ("Post-Purchase", "Living with the product: care, damage claims and loyalty points.",
     (3, 2, 2, 3, 2), (3, 2, 2, 3, 2)),
    ("Advocacy", "Reviews, photos on social media and referrals to friends.",
     (4, 4, 3, 4, 3), (3, 4, 4, 3, 3)),
)
_FIVE_CS = ("clarity", "consistency", "customization", "connection", "concern")
_COMPONENTS = ("personalization", "consistency", "convenience", "communication", "empathy")

LANES = (
    (LaneKind.ACTIONS, "Customer actions"),
    (LaneKind.TOUCHPOINTS, "Touchpoints"),
    (LaneKind.THOUGHTS, "Customer thoughts"),
    (LaneKind.EMOTION, "Emotion curve"),
    (LaneKind.PAIN_POINTS, "Pain points"),
    (LaneKind.OPPORTUNITIES, "Opportunities"),
    (LaneKind.METRICS, "Metrics"),
    (LaneKind.BACKSTAGE, "Backstage"),
)
_LANE_OF = {"act": "Customer actions", "tp": "Touchpoints", "thk": "Customer thoughts", "back": "Backstage"}

# key, stage, lane, title, channel, owner, emotion, label, (Priya, Graham), flags ("mot", "delight"), description
TOUCHPOINTS: tuple[tuple, ...] = (
    ("act-aware", "Awareness", "act", "Starts looking for a compact sofa", Channel.OTHER, "", None, "", None, "",
     "Moving into a new flat; the old sofa does not fit."),
    ("insta-ad", "Awareness", "tp", "Sees a sofa advert on Instagram", Channel.SOCIAL, "Brand marketing", 1, "curious",
     (1, 0), "", "Carousel ad for the Hebden two-seater in sage velvet."),
    ("search", "Awareness", "tp", "Searches \"small sofa for flat\"", Channel.WEBSITE, "Performance marketing", 0,
     "hopeful", (0, 0), "", "Northwind ranks third organically, below two marketplaces."),
    ("friend", "Awareness", "tp", "A friend recommends Northwind", Channel.WORD_OF_MOUTH, "Brand marketing", 1,
     "reassured", (1, 2), "", "A colleague shows photos of her Northwind corner sofa."),
    ("retarget", "Awareness", "tp", "Sees a retargeting banner", Channel.ADVERTISING, "Performance marketing", -1,
     "followed", (-1, -1), "", "The same sofa follows her across news sites for weeks."),
    ("thk-aware", "Awareness", "thk", "\"Will anything decent fit up my stairs?\"", Channel.OTHER, "", None, "", None,
     "", ""),
    ("act-consider", "Consideration", "act", "Compares three retailers", Channel.OTHER, "", None, "", None, "",
     "Shortlists Northwind, a marketplace seller and a high-street chain."),
    ("browse", "Consideration", "tp", "Browses the sofa category", Channel.WEBSITE, "E-commerce", 1, "inspired",
     (1, 0), "", "Filters by width under 180 cm; 46 results with lifestyle photos."),
    ("reviews", "Consideration", "tp", "Reads customer reviews", Channel.WEBSITE, "E-commerce", 0, "uncertain",
     (0, 0), "", "4.3 stars from 212 reviews, but few mention small rooms."),
    ("chat", "Consideration", "tp", "Asks about door-width clearance in live chat", Channel.LIVE_CHAT,
     "Customer service", -1, "kept waiting", (-1, -2), "",
     "The bot offers the size guide; a person replies 14 minutes later."),
    ("swatches", "Consideration", "tp", "Orders free fabric swatches", Channel.WEBSITE, "Product", 2, "delighted",
     (2, 1), "delight", "Five swatches arrive in two days with a handwritten note."),
    ("showroom", "Consideration", "tp", "Visits the Leeds showroom", Channel.IN_STORE, "Retail operations", 1,
     "confident", (1, 2), "mot", "Sits on the sofa; the adviser measures the stairwell from a photo."),
    ("thk-consider", "Consideration", "thk", "\"Is velvet practical with a cat?\"", Channel.OTHER, "", None, "", None,
     "", ""),
    ("act-purchase", "Purchase", "act", "Decides on the Hebden in sage velvet", Channel.OTHER, "", None, "", None, "",
     "Total £899 including two-person delivery."),
    ("basket", "Purchase", "tp", "Adds the sofa to the basket", Channel.WEBSITE, "E-commerce", 0, "committed",
     (0, 0), "", "Upsell for fabric protection (£49) appears as a pre-ticked box."),
    ("slot", "Purchase", "tp", "Chooses a delivery slot", Channel.WEBSITE, "Logistics", -2, "frustrated",
     (-2, -1), "mot", "The first free slot is six weeks away; no reason is given."),
    ("pay", "Purchase", "tp", "Pays in three instalments with Klarna", Channel.WEBSITE, "Finance", 1, "relieved",
     (1, 0), "", "Instalments approved in seconds."),
    ("confirm", "Purchase", "tp", "Receives the order confirmation", Channel.EMAIL, "CRM", 0, "neutral", (0, 0), "",
     "Lists the order but not the delivery slot chosen."),
    ("stock", "Purchase", "back", "Stock check against the supplier feed", Channel.OTHER, "Supply chain", None, "",
     None, "", "Nightly batch; the website shows stock that is already allocated."),
    ("thk-purchase", "Purchase", "thk", "\"Six weeks? I'll be sitting on the floor.\"", Channel.OTHER, "", None, "",
     None, "", ""),
    ("act-delivery", "Delivery", "act", "Waits for the sofa", Channel.OTHER, "", None, "", None, "",
     "Books the Saturday off and arranges for the old sofa to be collected."),
    ("delay", "Delivery", "tp", "Receives an \"order delayed\" email", Channel.EMAIL, "Logistics", -2, "let down",
     (-2, -2), "mot", "Arrives the evening before delivery, with no new date."),
    ("call", "Delivery", "tp", "Calls to chase the delivery", Channel.PHONE, "Customer service", -2, "angry",
     (-2, -2), "", "35-minute queue; the agent cannot see the carrier's status."),
    ("track", "Delivery", "tp", "Tracks the van in the app", Channel.MOBILE_APP, "Logistics", 1, "in control",
     (1, 0), "", "Live map on the day, with a 30-minute arrival window."),
    ("install", "Delivery", "tp", "Two-person delivery and set-up", Channel.OTHER, "Logistics", 2, "delighted",
     (2, 2), "mot delight", "The crew carries the sofa up, fits the legs and takes the packaging away."),
    ("rebook", "Delivery", "back", "Carrier rebooks the slot by hand", Channel.OTHER, "Logistics", None, "", None,
     "", "Rebooking is a spreadsheet emailed to the carrier twice a day."),
    ("thk-delivery", "Delivery", "thk", "\"Why am I only hearing about this now?\"", Channel.OTHER, "", None, "",
     None, "", ""),
    ("act-post", "Post-Purchase", "act", "Lives with the sofa", Channel.OTHER, "", None, "", None, "",
     "Notices a seam coming loose on one cushion after a week."),
    ("care", "Post-Purchase", "tp", "Receives the care guide email", Channel.EMAIL, "CRM", 0, "indifferent", (0, 1),
     "", "Generic guide for all fabrics."),
    ("claim", "Post-Purchase", "tp", "Reports a damaged cushion on the web form", Channel.WEBSITE,
     "Customer service", -2, "frustrated", (-2, -2), "mot", "The form rejects photos over 5 MB."),
    ("wait", "Post-Purchase", "tp", "Waits for a replacement cushion", Channel.PHONE, "Customer service", -1,
     "annoyed", (-1, -1), "", "Three weeks; she phones twice for an update."),
    ("points", "Post-Purchase", "tp", "Collects loyalty points in the app", Channel.MOBILE_APP, "Loyalty team", 1,
     "pleased", (1, 0), "", "900 points, worth £9 off the next order."),
    ("claims", "Post-Purchase", "back", "Claims team approves the replacement", Channel.OTHER, "Customer service",
     None, "", None, "", "Manual approval by a team lead; queue of four days."),
    ("thk-post", "Post-Purchase", "thk", "\"Do I really have to phone them again?\"", Channel.OTHER, "", None, "",
     None, "", ""),
    ("act-advocate", "Advocacy", "act", "Shows the living room to friends", Channel.OTHER, "", None, "", None, "",
     "Hosts a flat-warming party."),
    ("review", "Advocacy", "tp", "Receives a review request", Channel.EMAIL, "CRM", 0, "neutral", (0, -1), "",
     "Sent on the day of the damage claim."),
    ("photo", "Advocacy", "tp", "Posts a photo of the living room", Channel.SOCIAL, "Social media team", 2, "proud",
     (2, 0), "delight", "Tags @northwindhome; the brand reposts it to 80,000 followers."),
    ("refer", "Advocacy", "tp", "Refers a friend with a £25 code", Channel.WORD_OF_MOUTH, "Loyalty team", 1,
     "generous", (1, 1), "", "The friend orders a bed frame."),
    ("thk-advocate", "Advocacy", "thk", "\"It looks even better than the photos.\"", Channel.OTHER, "", None, "", None,
     "", ""),
    ("complete", "Advocacy", "tp", "Sees \"complete the look\" suggestions", Channel.EMAIL, "CRM", 1, "tempted",
     (1, 0), "", "Matching cushions and a side table; leads back to browsing."),
)

# (from, to, label): a branch after browsing, a branch after the delay email, and a loop back to browsing
PATH = (
    ("insta-ad", "search", ""), ("search", "browse", ""), ("friend", "browse", ""),
    ("retarget", "browse", "returns later"), ("browse", "reviews", "online"), ("browse", "showroom", "in person"),
    ("reviews", "chat", ""), ("chat", "swatches", ""), ("swatches", "basket", ""), ("showroom", "basket", ""),
    ("basket", "slot", ""), ("slot", "pay", ""), ("pay", "confirm", ""), ("confirm", "delay", ""),
    ("delay", "call", "phones"), ("delay", "track", "waits"), ("call", "track", ""), ("track", "install", ""),
    ("install", "care", ""), ("care", "claim", ""), ("claim", "wait", ""), ("wait", "points", ""),
    ("points", "review", ""), ("review", "photo", ""), ("photo", "refer", ""), ("refer", "complete", ""),
    ("complete", "browse", "buys again"),
)

# (key, attached to (touchpoint key or stage name), text, severity, votes)
PAIN_POINTS = (
    ("slot-weeks", "slot", "First free delivery slot is 5-6 weeks out, with no explanation", 5, 9),
    ("late-delay", "delay", "Delay email arrives the evening before delivery and gives no new date", 5, 11),
    ("queue", "call", "35-minute phone queue at peak; agents cannot see the carrier's status", 4, 8),
    ("chat-hours", "chat", "Live chat staffed 9-5 on weekdays only; the bot cannot answer size questions", 3, 5),
    ("review-filter", "reviews", "Reviews cannot be filtered by fabric or room size", 2, 3),
    ("photo-limit", "claim", "Damage form rejects photos over 5 MB and asks for the order number twice", 4, 6),
    ("parts-wait", "wait", "Replacement parts take three weeks with no proactive updates", 4, 7),
    ("ads-after", "Post-Purchase", "Retargeting ads keep showing the sofa she has already bought", 2, 4),
)
OPPORTUNITIES = (
    ("live-slots", "slot", "Show live delivery availability on the product page, before checkout", 5, 10),
    ("proactive", "delay", "Proactive delay alerts in the app with one-tap rebooking", 5, 9),
    ("agent-view", "call", "Give contact-centre agents the carrier's tracking in the CRM", 4, 6),
    ("ar-preview", "Consideration", "\"View in your room\" AR preview with door and stair clearance check", 3, 5),
    ("app-claims", "claim", "Photo upload in the app and same-week replacement for small parts", 4, 7),
)

_QUARTERS = ("2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30")
# key, kind, name, attached to (stage name or None), value, unit, target, higher is better, sample size,
# source, history values (one per quarter)
METRICS: tuple[tuple[Any, ...], ...] = (
    ("nps", MetricKind.NPS, "Net Promoter Score", None, 18.0, "", 35.0, True, 2150,
     "Quarterly relationship survey", (24.0, 21.0, 15.0, 18.0)),
    ("clv", MetricKind.CLV, "Customer lifetime value", None, 540.0, "GBP", 650.0, True, 18400,
     "CRM (Salesforce), 3-year horizon", (575.0, 560.0, 548.0, 540.0)),
    ("retention", MetricKind.RETENTION, "12-month repeat purchase rate", None, 38.0, "%", 45.0, True, 18400,
     "CRM (Salesforce)", (41.0, 40.0, 39.0, 38.0)),
    ("ces", MetricKind.CES, "Checkout effort", "Purchase", 4.6, "", 3.0, False, 860,
     "Post-checkout survey", (4.1, 4.3, 4.8, 4.6)),
    ("csat", MetricKind.CSAT, "Delivery satisfaction", "Delivery", 71.0, "%", 85.0, True, 1240,
     "Post-delivery survey (Qualtrics)", (74.0, 72.0, 69.0, 71.0)),
    ("contacts", MetricKind.CUSTOM, "Contacts per order", "Delivery", 0.42, "contacts/order", 0.25, False,
     9600, "Contact-centre telephony and chat logs", (0.35, 0.38, 0.45, 0.42)),
)
# satisfaction and loyalty per stage (the satisfaction-loyalty view): CSAT after each stage (Delivery has
# its own "Delivery satisfaction") and the NPS of customers asked at the end of each stage
_STAGE_CSAT = {"Awareness": 78.0, "Consideration": 74.0, "Purchase": 62.0, "Post-Purchase": 58.0, "Advocacy": 81.0}
_STAGE_NPS = {"Awareness": 22.0, "Consideration": 15.0, "Purchase": 4.0, "Delivery": 9.0, "Post-Purchase": -12.0,
              "Advocacy": 31.0}
METRICS += tuple(
    (f"csat-{stage.lower()}", MetricKind.CSAT, "Stage satisfaction", stage, value, "%", 80.0, True, 640,
     "Journey pulse survey (Qualtrics)", (value - 3, value - 1, value + 2, value))
    for stage, value in _STAGE_CSAT.items()
) + tuple(
    (f"nps-{stage.lower()}", MetricKind.NPS, "Stage NPS", stage, value, "", 25.0, True, 640,
     "Journey pulse survey (Qualtrics)", (value + 4, value + 1, value - 2, value))
    for stage, value in _STAGE_NPS.items()
)
# who takes each opportunity forward, and where it stands
OPPORTUNITY_PLANS = {
    "live-slots": ("Digital product team", OpportunityStatus.PLANNED),
    "proactive": ("Delivery operations", OpportunityStatus.IN_PROGRESS),
    "agent-view": ("Customer service", OpportunityStatus.IDEA),
    "ar-preview": ("Digital product team", OpportunityStatus.IDEA),
    "app-claims": ("Customer service", OpportunityStatus.PLANNED),
    "evening-slots": ("Delivery operations", OpportunityStatus.IDEA),
    "ar-older": ("Digital product team", OpportunityStatus.IDEA),
}

# The future state: what changes for the same customer once the opportunities are delivered.
FUTURE_REMOVED = {"retarget", "call", "rebook", "wait"}
FUTURE_CHANGES = {  # key: (emotion, label, (Priya, Graham), flags, description or None)
    "chat": (1, "helped", (1, 1), "", "A person answers within two minutes until 10 pm, with clearance advice."),
    "slot": (1, "reassured", (1, 1), "mot", "Saturday slots two weeks out were already shown on the product page."),
    "confirm": (1, "informed", (1, 0), "", "Confirms the Saturday slot and adds it to her calendar."),
    "delay": (0, "informed", (0, 0), "mot", "Two weeks ahead: the app offers three new slots to choose from."),
    "claim": (0, "supported", (0, 0), "mot", "Photos uploaded in the app; a replacement ships the same week."),
    "care": (1, "looked after", (1, 1), "", "Velvet care guide with a pet-hair tip, sent a week after delivery."),
    "review": (1, "willing", (1, 0), "", "Sent two weeks after a problem-free delivery."),
}
FUTURE_RETITLED = {  # key: (title, channel)
    "slot": ("Confirms the Saturday slot she saw earlier", Channel.WEBSITE),
    "delay": ("Gets a delay alert two weeks ahead", Channel.MOBILE_APP),
    "claim": ("Reports a damaged cushion in the app", Channel.MOBILE_APP),
    "thk-purchase": ("\"Saturday after next. Perfect.\"", Channel.OTHER),
    "thk-delivery": ("\"Good that they told me in time.\"", Channel.OTHER),
    "thk-post": ("\"That was easier than I expected.\"", Channel.OTHER),
}
# each added row goes right after the row named first, in the same cell
FUTURE_AFTER = {"ar": "showroom", "live-slot": "ar", "rebook-app": "delay", "agent": "stock"}
FUTURE_ADDED = (
    ("ar", "Consideration", "tp", "Previews the sofa in her room with AR", Channel.MOBILE_APP, "Product", 2,
     "confident", (2, 0), "delight", "The app checks the sofa against the door and stair widths she measured."),
    ("live-slot", "Consideration", "tp", "Sees live delivery dates on the product page", Channel.WEBSITE, "Logistics",
     1, "reassured", (1, 1), "", "\"Delivered from Saturday 14 November\" next to the price."),
    ("rebook-app", "Delivery", "tp", "Rebooks the delivery in one tap", Channel.MOBILE_APP, "Logistics", 1,
     "in control", (1, 0), "", "Picks a new slot from the delay alert."),
    ("agent", "Delivery", "back", "Agents see carrier status in the CRM", Channel.OTHER, "Customer service", None, "",
     None, "", "Carrier API feeds the CRM every 15 minutes."),
)
FUTURE_PATH_CHANGES = (
    ("browse", "ar", "in the app"), ("ar", "live-slot", ""), ("live-slot", "basket", ""),
    ("delay", "rebook-app", "rebooks"), ("rebook-app", "track", ""), ("claim", "points", ""),
)
FUTURE_PAIN_POINTS = (
    ("peak-slots", "slot", "Saturday slots in November sell out two weeks ahead", 3, 0),
    ("ar-android", "ar", "AR preview works on recent phones only", 2, 0),
    ("ads-after", "Post-Purchase", "Retargeting still needs suppressing for recent buyers", 2, 0),
)
FUTURE_OPPORTUNITIES = (
    ("evening-slots", "slot", "Add evening delivery slots for the November peak", 3, 0),
    ("ar-older", "ar", "Fall back to a 3D viewer with dimensions on phones without AR", 2, 0),
)
FUTURE_TARGETS = {"nps": 35.0, "clv": 650.0, "retention": 45.0, "ces": 3.0, "csat": 85.0, "contacts": 0.25,
                  **{f"csat-{stage.lower()}": 85.0 for stage in _STAGE_CSAT},
                  **{f"nps-{stage.lower()}": 35.0 for stage in _STAGE_NPS}}


def _journey(key: str, title: str, state: JourneyState, notes: str) -> Journey:
    return Journey(title, id=sample_id(key), state=state, client="Northwind Home",
                   author="Meridian CX Partners", date="2026-10-12", notes=notes)


def _add_skeleton(j: Journey, key: str) -> tuple[dict[str, str], dict[str, str]]:
    stages: dict[str, str] = {}
    for name, description, cs, components in STAGES:
        stage = Stage(name, id=sample_id(key, "stage", name), description=description,
                      five_cs=dict(zip(_FIVE_CS, cs, strict=True)),
                      components=dict(zip(_COMPONENTS, components, strict=True)))
        stages[name] = j.add_stage(stage).id
    lanes = {title: j.add_lane(Lane(kind, title, id=sample_id(key, "lane", title))).id for kind, title in LANES}
    return stages, lanes


def _touchpoint(key: str, row: tuple) -> tuple[Touchpoint, str, str]:
    tkey, stage, lane, title, channel, owner, emotion, label, personas, flags, description = row
    tp = Touchpoint(
        title, id=sample_id(key, "touchpoint", tkey), description=description, channel=channel, owner=owner,
        emotion=emotion, emotion_label=label,
        persona_emotions={} if personas is None else {PRIYA: personas[0], GRAHAM: personas[1]},
        moment_of_truth="mot" in flags.split(), delight="delight" in flags.split(),
    )
    return tp, stage, _LANE_OF[lane]


def _build(j: Journey, key: str, rows: list[tuple], path: list[tuple[str, str, str]],
           pains: tuple, opportunities: tuple, future: bool) -> None:
    stages, lanes = _add_skeleton(j, key)
    tps: dict[str, str] = {}
    for row in rows:
        tp, stage, lane = _touchpoint(key, row)
        tps[row[0]] = j.add_touchpoint(tp, stages[stage], lanes[lane]).id
    for a, b, label in path:
        j.add_path(tps[a], tps[b], label)
    for kind, table in ((AnnotationKind.PAIN_POINT, pains), (AnnotationKind.OPPORTUNITY, opportunities)):
        for akey, target, text, severity, votes in table:
            owner, status = OPPORTUNITY_PLANS.get(akey, ("", OpportunityStatus.IDEA))
            ann = Annotation(kind, text, id=sample_id(key, kind.value, akey), severity=severity, votes=votes,
                             owner=owner, status=status)
            j.add_annotation(ann, stages[target] if target in stages else tps[target])
    for mkey, metric_kind, name, metric_stage, value, unit, target, higher, n, source, history in METRICS:
        metric = Metric(
            metric_kind, name, id=sample_id(key, "metric", mkey), unit=unit, higher_is_better=higher, source=source,
            value=None if future else value,
            target=FUTURE_TARGETS[mkey] if future else target,
            sample_size=None if future else n,
            date="2027-09-30" if future else _QUARTERS[-1],
            history=[] if future else [MetricSample(d, v, n // 4 if n else None) for d, v in
                                       zip(_QUARTERS, history, strict=True)],
        )
        j.add_metric(metric, stages[metric_stage] if metric_stage else None)


def _future_rows() -> list[tuple]:
    rows = []
    for row in TOUCHPOINTS:
        if row[0] in FUTURE_REMOVED:
            continue
        if row[0] in FUTURE_CHANGES:
            emotion, label, personas, flags, description = FUTURE_CHANGES[row[0]]
            row = (*row[:6], emotion, label, personas, flags, description or row[10])
        if row[0] in FUTURE_RETITLED:
            title, channel = FUTURE_RETITLED[row[0]]
            row = (*row[:3], title, channel, *row[5:])
        rows.append(row)
    for added in FUTURE_ADDED:
        after = next(i for i, r in enumerate(rows) if r[0] == FUTURE_AFTER[added[0]])
        rows.insert(after + 1, added)
    return rows


def _future_path() -> list[tuple[str, str, str]]:
    path = [e for e in PATH if e[0] not in FUTURE_REMOVED and e[1] not in FUTURE_REMOVED]
    return [*path, *FUTURE_PATH_CHANGES]


def build_sample() -> Project:
    """The Northwind Home project, identical on every call."""
    project = Project("Northwind Home: buying a sofa online", language="en-GB")
    project.report = ReportSettings(
        organisation="Meridian CX Partners", logo=_MERIDIAN_LOGO, footer="Meridian CX Partners \u00b7 Customer "
        "journey research", confidentiality="Confidential: prepared for Northwind Home", version="1.0")
    for persona in PERSONAS:
        project.add_persona(persona.copy())
    current = project.add_journey(_journey(
        "journey-current", "Buying a sofa online: current state", JourneyState.CURRENT,
        "Based on 18 customer interviews, 2,150 survey responses and contact-centre logs, July-September 2026.",
    ))
    with current.batched():
        _build(current, "current", list(TOUCHPOINTS), list(PATH), PAIN_POINTS, OPPORTUNITIES, future=False)
    future = project.add_journey(_journey(
        "journey-future", "Buying a sofa online: future state", JourneyState.FUTURE,
        "Target experience for 2027 once live delivery dates, proactive rebooking and in-app claims are live.",
    ))
    with future.batched():
        _build(future, "future", _future_rows(), _future_path(), FUTURE_PAIN_POINTS, FUTURE_OPPORTUNITIES,
               future=True)
    return project


def write_sample(path: Path = SAMPLE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_project(build_sample(), path, keep_backup=False)
    return path


if __name__ == "__main__":
    print(write_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE_PATH))
