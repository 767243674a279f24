"""Drawing a laid-out journey on any surface (Qt painter, reportlab canvas, SVG). No Qt here."""
