"""Network parts of Waymark (live co-editing rooms, the workshop server): asyncio and pure Python, no Qt.

The editor talks to them only through thread-safe signals or queues (see app/widgets/live_*.py)."""
