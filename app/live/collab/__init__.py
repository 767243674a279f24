"""Live co-editing on Yjs: the shared-document schema, the y-websocket room server and client.

No Qt here: the editor reaches this package through app/widgets/live_session.py, which moves
messages between the network thread and the GUI thread with queued signals."""
