"""Workshop mode: the room joins from their phones over the local network and adds notes,
rates the stages and dot-votes, while the facilitator decides what reaches the map.

- `state`: the session as events applied in order (one deterministic `apply`);
- `journal`: those events on disk, fsynced before anything is acknowledged;
- `board`: what of the journey participants may see (stages, lanes, cards to vote on);
- `protocol`: the checks on every message from a phone, with clear refusals;
- `room`: the session logic on the server's event loop (phones and facilitator commands);
- `server`: the Starlette app under uvicorn, in its own thread; `page`: the phone page.

Nothing here imports Qt: the editor receives events through a callback and sends facilitator
commands through `WorkshopServer.command`, both safe to call from any thread.
"""
