"""Drawing a laid-out journey on any surface (Qt painter, reportlab canvas, SVG).

Only qt_surface.py touches Qt, and only QtGui (a QPainter draws offscreen without widgets);
the rest is pure Python, so the PDF and SVG exports never load Qt.
"""
