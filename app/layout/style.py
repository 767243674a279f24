"""The look shared by the canvas and every export: sizes, colours and type, as plain values.

Colours are hex strings so that Qt, reportlab, SVG and matplotlib read them alike. They are
chosen to stay distinguishable when printed in greyscale (different lightness per severity).
"""

from __future__ import annotations

from app.model.vocabulary import AnnotationKind, Channel, LaneKind

# geometry, in points (1/72 inch); the canvas shows 1 point as 1 pixel at 100 % zoom
LANE_HEADER_W = 150.0
STAGE_HEADER_H = 52.0
COLUMN_W = 232.0
CELL_PAD = 12.0
CARD_GAP = 10.0
TOUCHPOINT_H = 68.0
NOTE_H = 54.0
CHIP_H = 30.0
EMOTION_LANE_H = 170.0
MIN_CARD_LANE_H = TOUCHPOINT_H + 2 * CELL_PAD
ICON = 18.0
CORNER = 6.0

FONT_FAMILY = "DejaVu Sans"
TITLE_PT = 9.5
BODY_PT = 8.0
HEADER_PT = 11.0
SMALL_PT = 7.0

INK = "#1f2933"
MUTED_INK = "#52606d"
GRID = "#d9dee4"
PAPER = "#ffffff"
HEADER_FILL = "#f1f3f6"
STAGE_FILL = "#243b53"
STAGE_INK = "#ffffff"
CARD_FILL = "#ffffff"
CARD_BORDER = "#bcccdc"
SELECTION = "#2f80ed"
PATH_INK = "#7b8794"
GOOD = "#2e7d32"
BAD = "#c62828"
NEUTRAL = "#9aa5b1"

LANE_TINTS = {
    LaneKind.TOUCHPOINTS: "#ffffff",
    LaneKind.ACTIONS: "#fbfcfd",
    LaneKind.THOUGHTS: "#fbfcfd",
    LaneKind.EMOTION: "#f8fafc",
    LaneKind.PAIN_POINTS: "#fdf8f8",
    LaneKind.OPPORTUNITIES: "#f7fbf8",
    LaneKind.METRICS: "#f8f9fb",
    LaneKind.BACKSTAGE: "#f5f7fa",
    LaneKind.TEXT: "#ffffff",
}

CHANNEL_COLORS = {
    Channel.WEBSITE: "#3867d6",
    Channel.SOCIAL: "#8854d0",
    Channel.EMAIL: "#0fb9b1",
    Channel.PHONE: "#20bf6b",
    Channel.IN_STORE: "#fa8231",
    Channel.LIVE_CHAT: "#2d98da",
    Channel.MOBILE_APP: "#4b6584",
    Channel.ADVERTISING: "#eb3b5a",
    Channel.WORD_OF_MOUTH: "#f7b731",
    Channel.OTHER: "#778ca3",
}

# pain-point severity 1..5: light to dark red, so greyscale prints keep the order
SEVERITY_COLORS = {1: "#fde0dc", 2: "#f9bdbb", 3: "#f36c60", 4: "#e51c23", 5: "#b0120a"}
SEVERITY_INK = {1: INK, 2: INK, 3: "#ffffff", 4: "#ffffff", 5: "#ffffff"}
OPPORTUNITY_FILL = "#e8f5e9"
OPPORTUNITY_ACCENT = "#2e7d32"
PAIN_FILL = "#fff5f5"

ANNOTATION_ACCENT = {AnnotationKind.PAIN_POINT: "#c62828", AnnotationKind.OPPORTUNITY: OPPORTUNITY_ACCENT}

EMOTION_COLORS = {-2: "#c62828", -1: "#ef6c00", 0: "#9aa5b1", 1: "#7cb342", 2: "#2e7d32"}
# a persona's colour is app.model.personas.persona_color (the journey's own curve is INK)
MOMENT_OF_TRUTH = "#d35400"
DELIGHT = "#f1c40f"

# current state vs future state: a card new in the future, gone from it, or changed
CHANGE_NEW, CHANGE_REMOVED, CHANGE_CHANGED = "#2e7d32", "#c62828", "#b7791f"
