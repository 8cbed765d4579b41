"""What both apps share: the API key gate, the request scope for webhooks, common state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from tendarr.sim.arr.blocklist import Blocklist
from tendarr.sim.arr.commands import CommandQueue
from tendarr.sim.arr.history import HistoryStore
from tendarr.sim.arr.media import App
from tendarr.sim.arr.webhooks import IN_REQUEST, Notifier
from tendarr.sim.model import MediaFile
from tendarr.sim.world import World


@dataclass
class ArrSim:
    """Simulator state of one Sonarr or Radarr instance, next to the World it serves."""

    app: App
    world: World
    api_key: str
    version: str
    notifier: Notifier
    history: HistoryStore
    commands: CommandQueue
    started: datetime
    upgrades: bool = False
    # Last file the app knew per item: upgrades and deletions describe the file that went.
    known_files: dict[int, MediaFile] = field(default_factory=dict)
    # Why the app itself is removing a file right now (None: someone else removed it).
    deleting: str | None = None
    # Exclusions for ids the World's catalog does not hold: id -> (external id, title, year).
    foreign_exclusions: dict[int, tuple[int, str, int]] = field(default_factory=dict)
    # Test switch: this many upcoming grabs fail (history + blocklist, item stays wanted).
    fail_next_grabs: int = 0
    blocklist: Blocklist = field(default_factory=lambda: Blocklist("radarr"))

    def __post_init__(self) -> None:
        self.blocklist = Blocklist(self.app)

    def grab_fails(self) -> bool:
        """Consume one forced failure, if any is switched on."""
        if self.fail_next_grabs > 0:
            self.fail_next_grabs -= 1
            return True
        return False


class ArrGate:
    """Refuse requests without the API key; send queued webhooks after each request."""

    def __init__(self, app: ASGIApp, state: ArrSim) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.lower().startswith("/api") and not self._authorised(scope):
            await send({"type": "http.response.start", "status": 401, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        token = IN_REQUEST.set(True)
        try:
            await self.app(scope, receive, send)
        finally:
            IN_REQUEST.reset(token)
        if self.state.notifier.outbox:
            await anyio.to_thread.run_sync(self.state.notifier.flush)

    def _authorised(self, scope: Scope) -> bool:
        for name, value in scope.get("headers") or []:
            if name.lower() == b"x-api-key":
                given: str = value.decode("latin-1")
                return given == self.state.api_key
        raw: bytes = scope.get("query_string", b"")
        query = parse_qs(raw.decode("latin-1"))
        return self.state.api_key in query.get("apikey", [])
