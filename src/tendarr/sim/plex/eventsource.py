"""``GET /:/eventsource/notifications``: PMS notifications as server-sent events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from tendarr.sim.model import User
from tendarr.sim.plex.state import Notification, PlexState

# ``filters=`` names (the spec calls the parameter ``filter``; clients send ``filters``).
FILTER_TYPES = {"playing", "timeline", "activity", "status", "transcodeSession", "preference"}


def notifications(request: Request, state: PlexState, user: User) -> Response:
    """Stream notifications: ``event: <type>`` + ``data: <json>``, with a ping every ~10 s."""
    raw = request.query_params.get("filters") or request.query_params.get("filter") or ""
    wanted = {f for f in raw.split(",") if f} or None
    return StreamingResponse(
        _stream(request, state, wanted),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "Connection": "keep-alive"},
    )


async def _stream(
    request: Request, state: PlexState, wanted: set[str] | None
) -> AsyncIterator[bytes]:
    queue = state.bus.subscribe()
    sent = 0
    try:
        yield _frame(Notification("ping", {}))
        while state.sse_limit is None or sent < state.sse_limit:
            try:
                note = await asyncio.wait_for(queue.get(), timeout=state.ping_interval_s)
            except TimeoutError:
                note = Notification("ping", {})
            if note.type != "ping" and wanted is not None and note.type not in wanted:
                continue
            yield _frame(note)
            if note.type != "ping":
                sent += 1
            if await request.is_disconnected():
                break
    finally:
        state.bus.unsubscribe(queue)


def _frame(note: Notification) -> bytes:
    return f"event: {note.type}\ndata: {json.dumps(note.data)}\n\n".encode()
