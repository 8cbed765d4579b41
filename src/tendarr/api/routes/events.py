"""Live events for the browser over Server-Sent Events."""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from tendarr.api.deps import Context, CurrentCaller

router = APIRouter(tags=["events"])

PING_SECONDS = 15.0


@router.get(
    "/api/events",
    summary="Live job progress (text/event-stream)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def events(request: Request, caller: CurrentCaller, context: Context) -> StreamingResponse:
    """Stream ``event: job`` messages with the job as JSON whenever a job changes."""
    queue = context.hub.subscribe()

    async def stream() -> object:
        try:
            yield "retry: 2000\n\n"
            while not await request.is_disconnected():
                try:
                    kind, data = await asyncio.wait_for(queue.get(), PING_SECONDS)
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                yield f"event: {kind}\ndata: {json.dumps(data, default=str)}\n\n"
        finally:
            context.hub.unsubscribe(queue)

    return StreamingResponse(
        stream(),  # type: ignore[arg-type]
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
