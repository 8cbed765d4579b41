"""PMS server-sent events (``/:/eventsource/notifications``) as library-change notices."""

from __future__ import annotations

import contextlib
import json
import random
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx
import structlog

import tendarr
from tendarr.integrations.plex.client import plex_headers
from tendarr.ports.server_events import LibraryChanged

log = structlog.get_logger(__name__)

PATH = "/:/eventsource/notifications"
FILTERS = "timeline,activity"
LIBRARY_ID = "com.plexapp.plugins.library"
READY_STATE = 5
DELETED_STATE = 9
# PMS pings about every 10 s: a stream silent for longer than this is presumed dead.
PING_INTERVAL_S = 10.0
READ_TIMEOUT_S = PING_INTERVAL_S + 5.0


def parse_sse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(event, data)`` per dispatched server-sent event (blank line ends one)."""
    event, data = "", list[str]()
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data or event:
                yield event or "message", "\n".join(data)
            event, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    if data:
        yield event or "message", "\n".join(data)


def notices(server_id: str, event: str, data: str) -> list[LibraryChanged]:
    """Return the library-change notices in one event (both eventsource and websocket shapes)."""
    if event == "ping":
        return []
    try:
        body = json.loads(data) if data else {}
    except ValueError:
        log.warning("plex.events.bad_data", server_id=server_id, sse_event=event)
        return []
    if not isinstance(body, dict):
        return []
    container = body.get("NotificationContainer")
    if isinstance(container, dict):  # websocket frame shape: lists inside a container
        body = container
    found: list[LibraryChanged] = []
    for entry in _entries(body.get("TimelineEntry")):
        state = entry.get("state")
        if entry.get("identifier") != LIBRARY_ID or state not in (READY_STATE, DELETED_STATE):
            continue
        section = entry.get("sectionID")
        item = entry.get("itemID")
        found.append(
            LibraryChanged(
                server_id,
                str(section) if section not in (None, "", -1, "-1") else None,
                (str(item),) if item not in (None, "") else (),
                "item.ready" if state == READY_STATE else "item.deleted",
            )
        )
    for note in _entries(body.get("ActivityNotification")):
        activity = note.get("Activity")
        if note.get("event") != "ended" or not isinstance(activity, dict):
            continue
        if not str(activity.get("type", "")).startswith("library.refresh."):
            continue
        context = activity.get("Context")
        section = context.get("librarySectionID") if isinstance(context, dict) else None
        found.append(LibraryChanged(server_id, str(section) if section else None, (), "scan.ended"))
    return found


def _entries(value: object) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, dict)]


class PlexEventStream:
    """Follow one PMS's notifications; reconnect with capped exponential back-off."""

    def __init__(
        self,
        server_id: str,
        http: httpx.Client,
        token: str,
        client_identifier: str,
        *,
        read_timeout: float = READ_TIMEOUT_S,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        jitter: Callable[[], float] = random.random,
        pause: Callable[[float], object] | None = None,
    ) -> None:
        self._server_id = server_id
        self._http = http
        self._headers = {
            **plex_headers(client_identifier, tendarr.__version__),
            "Accept": "text/event-stream",
            "X-Plex-Token": token,
        }
        self._timeout = httpx.Timeout(10.0, read=read_timeout)
        self._initial = backoff_initial
        self._max = backoff_max
        self._jitter = jitter
        self._pause = pause  # tests record the back-off instead of waiting
        self._closed = threading.Event()
        self.connects = 0  # successful connections so far (observability, tests)
        self._response: httpx.Response | None = None

    def changes(self, stop: threading.Event) -> Iterator[LibraryChanged]:
        """Yield notices until ``stop`` is set or the stream is closed."""
        delay = self._initial
        while not self._stopped(stop):
            try:
                with self._http.stream(
                    "GET",
                    PATH,
                    params={"filters": FILTERS},
                    headers=self._headers,
                    timeout=self._timeout,
                ) as response:
                    if response.status_code != 200:
                        raise httpx.HTTPStatusError(
                            f"event stream answered {response.status_code}",
                            request=response.request,
                            response=response,
                        )
                    self.connects += 1
                    self._response = response
                    delay = self._initial
                    log.info("plex.events.connected", server_id=self._server_id)
                    for event, data in parse_sse(response.iter_lines()):
                        if self._stopped(stop):
                            return
                        yield from notices(self._server_id, event, data)
                self._response = None
                log.info("plex.events.ended", server_id=self._server_id)
            except (httpx.HTTPError, OSError, RuntimeError) as err:
                self._response = None
                # RuntimeError: the client was closed under us by close().
                if self._stopped(stop):
                    return
                log.warning("plex.events.error", server_id=self._server_id, error=str(err))
            wait = delay * (1.0 + 0.25 * self._jitter())
            delay = min(delay * 2, self._max)
            if self._pause is not None:
                self._pause(wait)
            elif stop.wait(wait):
                return

    def close(self) -> None:
        """Stop from any thread: a read blocked on the socket is woken up at once."""
        self._closed.set()
        response = self._response
        stream = response.extensions.get("network_stream") if response is not None else None
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            # Closing a socket does not wake a thread blocked reading it; shutting it down does.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._http.close()

    def _stopped(self, stop: threading.Event) -> bool:
        return stop.is_set() or self._closed.is_set()
