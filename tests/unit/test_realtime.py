"""Plex event-stream parsing and reconnects, and the debouncer behind real-time sync."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx

from tendarr.integrations.plex.events import PlexEventStream, notices, parse_sse
from tendarr.ports.server_events import LibraryChanged
from tendarr.services.watch_servers import Debouncer

LIB = "com.plexapp.plugins.library"


def _frame(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def _timeline(state: int, item: str = "501", section: str = "1") -> dict[str, object]:
    return {
        "TimelineEntry": {
            "identifier": LIB,
            "sectionID": section,
            "itemID": item,
            "type": 1,
            "title": "Film",
            "state": state,
        }
    }


def _activity(event: str, kind: str = "library.refresh.items") -> dict[str, object]:
    return {
        "ActivityNotification": {
            "event": event,
            "uuid": "u",
            "Activity": {"type": kind, "Context": {"librarySectionID": "2"}},
        }
    }


def test_sse_lines_are_split_into_events() -> None:
    text = (
        ": comment\n"
        "event: ping\ndata: {}\n\n"
        'event: timeline\r\ndata: {"a":\r\ndata: 1}\r\n\r\n'
        'data: {"no": "event"}\n\n'
        "event: activity\ndata: {}"
    )
    assert list(parse_sse(text.splitlines(keepends=True))) == [
        ("ping", "{}"),
        ("timeline", '{"a":\n1}'),
        ("message", '{"no": "event"}'),
        ("activity", "{}"),
    ]


def test_only_ready_deleted_and_finished_scans_are_notices() -> None:
    def one(event: str, data: object) -> list[LibraryChanged]:
        return notices("plex", event, json.dumps(data))

    assert [one("timeline", _timeline(s)) for s in (0, 3)] == [[], []]
    assert one("timeline", _timeline(5)) == [LibraryChanged("plex", "1", ("501",), "item.ready")]
    assert one("timeline", _timeline(9))[0].reason == "item.deleted"
    other = _timeline(5)
    other["TimelineEntry"]["identifier"] = "com.plexapp.system"  # type: ignore[index]
    assert one("timeline", other) == []
    assert one("activity", _activity("started")) == []
    assert one("activity", _activity("ended", "media.generate.bif")) == []
    assert one("activity", _activity("ended")) == [LibraryChanged("plex", "2", (), "scan.ended")]
    assert one("ping", {}) == []
    assert notices("plex", "timeline", "not json") == []
    wrapped = {
        "NotificationContainer": {
            "type": "timeline",
            "TimelineEntry": [_timeline(5)["TimelineEntry"], _timeline(0)["TimelineEntry"]],
        }
    }
    assert one("message", wrapped) == [LibraryChanged("plex", "1", ("501",), "item.ready")]


def test_the_stream_reconnects_with_capped_backoff_and_stops() -> None:
    """500, timeout, refused, then a stream that ends, then one that yields: back-off resets."""
    stop = threading.Event()
    calls: list[httpx.Request] = []
    plan: list[object] = [
        httpx.Response(500),
        httpx.ReadTimeout("silent"),
        httpx.ConnectError("refused"),
        httpx.Response(200, text=_frame("ping", {}) + _frame("timeline", _timeline(5, "7"))),
        httpx.ConnectError("refused"),
        httpx.Response(200, text=_frame("activity", _activity("ended"))),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        step = plan.pop(0) if plan else httpx.ConnectError("gone")
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, httpx.Response)
        return step

    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) >= 8:
            stop.set()

    http = httpx.Client(base_url="http://pms", transport=httpx.MockTransport(handler))
    stream = PlexEventStream(
        "plex",
        http,
        "tok",
        "client",
        backoff_initial=1,
        backoff_max=4,
        jitter=lambda: 0.0,
        pause=pause,
    )
    got = list(stream.changes(stop))
    assert got == [
        LibraryChanged("plex", "1", ("7",), "item.ready"),
        LibraryChanged("plex", "2", (), "scan.ended"),
    ]
    # 1, 2, 4 (failures), reset after connecting: 1 (stream ended), 2, reset: 1, 2, 4, capped.
    assert pauses == [1, 2, 4, 1, 2, 1, 2, 4]
    assert stream.connects == 2
    first = calls[0]
    assert first.url.path == "/:/eventsource/notifications"
    assert first.url.params["filters"] == "timeline,activity"
    assert first.headers["X-Plex-Token"] == "tok"


def test_close_ends_a_blocked_stream() -> None:
    """A stream that sends nothing is left as soon as the stream is closed."""
    started = threading.Event()

    class Silent(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield b"event: ping\ndata: {}\n\n"
            started.set()
            while not closed.is_set():
                time.sleep(0.01)
            raise httpx.ReadError("closed")

    closed = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Silent())

    http = httpx.Client(base_url="http://pms", transport=httpx.MockTransport(handler))
    stream = PlexEventStream("plex", http, "tok", "client")
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.extend(stream.changes(threading.Event())))
    reader.start()
    assert started.wait(5)
    stream.close()
    closed.set()
    reader.join(5)
    assert not reader.is_alive()
    assert result == []


def test_debouncer_coalesces_a_burst_and_retries_until_covered() -> None:
    calls: list[float] = []
    answers = [False, True, True]

    def action() -> bool:
        calls.append(time.monotonic())
        return answers.pop(0)

    debouncer = Debouncer(action, 0.1, retry=0.1)
    debouncer.start()
    try:
        began = time.monotonic()
        for _ in range(5):
            debouncer.poke()
            time.sleep(0.02)
        deadline = time.monotonic() + 3
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        # one call for the burst (after it went quiet), one retry because it was not covered
        assert len(calls) == 2
        assert calls[0] - began >= 0.1
        time.sleep(0.3)
        assert len(calls) == 2
        debouncer.poke()
        deadline = time.monotonic() + 3
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(calls) == 3
    finally:
        debouncer.stop()
