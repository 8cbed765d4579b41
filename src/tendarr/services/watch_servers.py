"""Real-time sync: follow servers' event streams and webhooks, start incremental syncs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.jobs import Job, JobState
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.server_events import ServerEvents, ServerEventsFactory
from tendarr.services.manage_servers import ServerService

log = structlog.get_logger(__name__)

ACTOR = "realtime"
LEASE_PREFIX = "watch:"
# Webhook notification types that are about playback or users, not the library.
NOT_LIBRARY_EVENTS = frozenset(
    {
        "PlaybackStart",
        "PlaybackStop",
        "PlaybackProgress",
        "UserCreated",
        "UserDeleted",
        "UserLockedOut",
        "UserPasswordChanged",
        "UserUpdated",
        "UserDataSaved",
        "SessionStart",
        "AuthenticationSuccess",
        "AuthenticationFailure",
        "GenericNotification",
        "PluginInstalled",
        "PluginUninstalled",
        "PluginUpdated",
        "PendingRestart",
        "TaskCompleted",
        "ScheduledTaskCompleted",
    }
)


def sync_from_webhook(servers: ServerService, server_id: str, payload: object) -> Job | None:
    """Start an incremental sync for a Jellyfin/Emby webhook; None when it is not about media.

    Any template works: ``NotificationType`` and ``ServerId`` are checked only when present.
    Raises NotFound for an unknown server, ValidationFailed for a payload from another server.
    """
    fields: Mapping[str, Any] = payload if isinstance(payload, dict) else {}
    config = servers.get(server_id)  # NotFound for an unknown server, whatever was sent
    kind = fields.get("NotificationType")
    if isinstance(kind, str) and kind in NOT_LIBRARY_EVENTS:
        return None
    sent = fields.get("ServerId")
    identity = config.server_identity
    if isinstance(sent, str) and sent and identity and _norm(sent) != _norm(identity):
        raise ValidationFailed(f"the webhook's ServerId is not that of {server_id}")
    log.info(
        "realtime.webhook",
        server_id=server_id,
        notification=kind if isinstance(kind, str) else None,
        item_type=fields.get("ItemType") if isinstance(fields.get("ItemType"), str) else None,
    )
    return servers.start_sync(server_id, full=False, actor="webhook")


def _norm(identity: str) -> str:
    return identity.replace("-", "").lower()


class Debouncer:
    """Call ``action`` once a burst of ``poke()`` calls has been quiet for ``delay`` seconds.

    A burst never delays the call more than ``max_wait``. When ``action`` returns False (the
    change is not covered yet, e.g. a sync already running), it is retried after ``retry``.
    """

    def __init__(
        self,
        action: Callable[[], bool],
        delay: float,
        *,
        max_wait: float = 30.0,
        retry: float = 5.0,
        name: str = "debounce",
    ) -> None:
        self._action = action
        self._delay = delay
        self._max_wait = max_wait
        self._retry = retry
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the timer thread."""
        self._thread.start()

    def poke(self) -> None:
        """Something changed."""
        self._wake.set()

    def stop(self) -> None:
        """Stop without calling the action again."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            started = time.monotonic()
            while not self._stop.is_set():
                self._wake.clear()
                if time.monotonic() - started >= self._max_wait:
                    break
                if not self._wake.wait(self._delay):
                    break
            if self._stop.is_set():
                return
            try:
                covered = self._action()
            except Exception:  # never let one failure end the thread
                log.exception("realtime.action_failed")
                covered = False
            if not covered and not self._stop.wait(self._retry):
                self._wake.set()


@dataclass
class _Listener:
    config: ServerConfig
    stream: ServerEvents
    stop: threading.Event
    debouncer: Debouncer
    thread: threading.Thread

    def close(self) -> None:
        self.stop.set()
        self.debouncer.stop()
        try:
            self.stream.close()
        except Exception:
            log.exception("realtime.close_failed", server_id=self.config.id)
        self.thread.join(timeout=2)


class ServerWatcher:
    """Per enabled server with an event stream: listen (one node per server) and sync.

    Each node tries to hold the lease ``watch:<server_id>``; only the holder listens. The
    tick renews held leases, picks up added, changed, disabled and removed servers, and
    takes over a server whose listening node died (its lease expired).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        servers: ServerService,
        events: ServerEventsFactory,
        node: str,
        *,
        debounce_seconds: float = 2.0,
        tick_seconds: float = 10.0,
        lease_ttl_seconds: float = 30.0,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._servers = servers
        self._events = events
        self.node = node
        self._debounce = debounce_seconds
        self._tick = tick_seconds
        self._ttl = lease_ttl_seconds
        self._listeners: dict[str, _Listener] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def listening(self) -> list[str]:
        """Return the ids of the servers this node listens to."""
        with self._lock:
            return sorted(self._listeners)

    def start(self) -> None:
        """Scan now and then every tick, in a daemon thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="server-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop every listener and give up the leases so another node takes over at once."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        with self._lock:
            listeners, self._listeners = dict(self._listeners), {}
        for server_id, listener in listeners.items():
            listener.close()
            self._release(server_id)

    def scan(self) -> None:
        """One round: renew or take leases, start and stop listeners to match the config."""
        with self._uow() as uow:
            wanted = {c.id: c for c in uow.servers.all() if c.enabled}
        with self._lock:
            running = dict(self._listeners)
        for server_id, listener in running.items():
            config = wanted.get(server_id)
            if config is None or _connection(config) != _connection(listener.config):
                self._drop(server_id, release=True)
        for server_id, config in wanted.items():
            if not self._hold(server_id):
                if server_id in self.listening():  # lost the lease: another node listens now
                    self._drop(server_id, release=False)
                continue
            if server_id not in self.listening() and not self._listen(config):
                self._release(server_id)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.scan()
            except Exception:  # database hiccups: try again next tick
                log.exception("realtime.scan_failed")
            if self._stop.wait(self._tick):
                return

    def _listen(self, config: ServerConfig) -> bool:
        try:
            stream = self._events(config)
        except Exception as err:  # e.g. no stored credential
            log.warning("realtime.cannot_listen", server_id=config.id, error=str(err))
            return False
        if stream is None:
            return False
        stop = threading.Event()
        debouncer = Debouncer(
            lambda: self._sync(config.id), self._debounce, name=f"realtime-sync:{config.id}"
        )
        thread = threading.Thread(
            target=self._consume,
            args=(config.id, stream, stop, debouncer),
            name=f"realtime:{config.id}",
            daemon=True,
        )
        with self._lock:
            self._listeners[config.id] = _Listener(config, stream, stop, debouncer, thread)
        debouncer.start()
        thread.start()
        log.info("realtime.listening", server_id=config.id, node=self.node)
        return True

    @staticmethod
    def _consume(
        server_id: str, stream: ServerEvents, stop: threading.Event, debouncer: Debouncer
    ) -> None:
        try:
            for notice in stream.changes(stop):
                log.debug(
                    "realtime.change",
                    server_id=server_id,
                    reason=notice.reason,
                    section_id=notice.section_id,
                    native_ids=list(notice.native_ids),
                )
                debouncer.poke()
        except Exception:
            if not stop.is_set():
                log.exception("realtime.stream_failed", server_id=server_id)

    def _sync(self, server_id: str) -> bool:
        """Start an incremental sync; False while a sync that began earlier is still running."""
        job = self._servers.start_sync(server_id, full=False, actor=ACTOR)
        log.info("realtime.sync", server_id=server_id, job_id=job.id, state=job.state.value)
        return job.state is not JobState.RUNNING

    def _drop(self, server_id: str, *, release: bool) -> None:
        with self._lock:
            listener = self._listeners.pop(server_id, None)
        if listener is not None:
            listener.close()
            log.info("realtime.stopped", server_id=server_id, node=self.node)
        if release:
            self._release(server_id)

    def _hold(self, server_id: str) -> bool:
        with self._uow() as uow:
            held = uow.leases.acquire(
                LEASE_PREFIX + server_id, self.node, self._clock.now(), self._ttl
            )
            uow.commit()
        return held

    def _release(self, server_id: str) -> None:
        try:
            with self._uow() as uow:
                uow.leases.release(LEASE_PREFIX + server_id, self.node)
                uow.commit()
        except Exception:
            log.exception("realtime.release_failed", server_id=server_id)


def _connection(config: ServerConfig) -> tuple[object, ...]:
    return (config.kind, config.url, sorted(config.auth.items(), key=lambda kv: kv[0]))
