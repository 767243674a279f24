"""Network parts of Waymark (the workshop server, live co-editing rooms): asyncio and pure Python, no Qt.

The editor talks to them only through thread-safe signals or queues (app/widgets/workshop/, app/widgets/live_*.py).
"""
