"""Network parts of Waymark (the workshop server, live co-editing): asyncio, no Qt.

The editor talks to them only through thread-safe queues and callbacks (see each package).
"""
