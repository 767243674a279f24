"""Qt views of the journey: the main window, the canvas, palette, inspector and docks."""
