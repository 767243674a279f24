"""Exports of a journey map: PDF (reportlab, matplotlib charts), PNG and SVG.

Modules here import their heavy libraries lazily, inside the functions that need them, so that the
command line and the editor start without them. Import the exporter you need directly, e.g.
``from app.export.png import export_png``.
"""
