"""The universal webhook: recognise, map paths, debounce per source, drop duplicates, log.

Each accepted event adds its files to the source's pending batch (``preview_pending``) and
re-arms the batch's timer: the batch fires ``webhook_debounce_seconds`` after the last
event (at most ten windows after the first), so a season pack becomes one job. The timer
lives in the database, so any web node may receive and the scheduler leader fires
(``tick``); ``fire_now`` skips the wait. A file already pending, or accepted from the same
source within ``webhook_duplicate_window_seconds``, is a duplicate (upgrades excepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority
from tendarr.domain.previews.webhooks import (
    RecognisedWebhook,
    Verdict,
    WebhookUnrecognised,
    recognise_webhook,
    webhook_local_paths,
    webhook_sender,
)
from tendarr.domain.previews.work import ItemRef
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.preview_store import (
    PendingBatch,
    PreviewUnitOfWork,
    PreviewUnitOfWorkFactory,
    WebhookEvent,
)
from tendarr.security.tokens import new_token, same
from tendarr.services.manage_settings import SettingsService
from tendarr.services.preview_pending import PendingWork

# How often the scheduler should call ``tick`` (seconds).
WEBHOOK_TICK_SECONDS = 5.0
MAX_WAIT_WINDOWS = 10
HISTORY_DAYS = 30


@dataclass(frozen=True)
class WebhookReceipt:
    """What became of one webhook."""

    status: str  # accepted | duplicate | ignored | test
    source: str
    event: str
    message: str
    paths: tuple[str, ...] = ()  # what was added to the batch (local paths, item labels)
    duplicates: tuple[str, ...] = ()
    batch_key: str | None = None
    due_at: datetime | None = None
    event_id: int = 0


@dataclass(frozen=True)
class _Batch:
    """One accepted event's contribution to a pending batch."""

    key: str
    scope: ServerConfig | None
    entries: dict[str, ItemRef | None]  # local path -> None, item label -> the item
    deleted: list[str]


class WebhookIntake:
    """Receive webhooks, keep their history, fire their batches."""

    def __init__(
        self,
        uow: PreviewUnitOfWorkFactory,
        clock: Clock,
        settings: SettingsService,
        pending: PendingWork,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._pending = pending
        self._pruned_at: datetime | None = None

    def receive(self, body: object, *, server_id: str | None = None) -> WebhookReceipt:
        """Handle a parsed body; ``server_id`` pins it to one server (the per-server URL)."""
        try:
            found = recognise_webhook(body)
        except WebhookUnrecognised as err:
            self.reject(err.message, server_id=server_id)
            raise
        with self._uow() as uow:
            servers = uow.servers.all()
        pinned = next((s for s in servers if s.id == server_id), None)
        if server_id is not None and pinned is None:
            raise NotFound(f"server {server_id} does not exist")
        if found.verdict is not Verdict.IMPORT:
            return self._ignored(found, server_id)
        try:
            sender = webhook_sender(found, servers, pinned)
        except ValidationFailed as err:
            self.reject(err.message, server_id=server_id, source=found.source.value)
            raise
        paths = webhook_local_paths(found.paths, found.source, servers, pinned, sender)
        items = [] if paths or sender is None else [ItemRef(sender.id, i) for i in found.item_ids]
        if not paths and not items:
            reason = (
                f"{found.source.label} named an item but not which server holds it; "
                "use the per-server URL /api/webhooks/incoming/<server_id>"
            )
            self.reject(reason, server_id=server_id, source=found.source.value)
            raise WebhookUnrecognised(reason)
        scope = pinned or (sender if found.source.is_media_server else None)
        entries: dict[str, ItemRef | None] = dict.fromkeys(paths)
        entries |= {_label(i): i for i in items}
        deleted = webhook_local_paths(found.deleted_paths, found.source, servers, pinned, sender)
        key = f"webhook:{found.source.value}" + (f":{scope.id}" if scope else "")
        return self._add(found, _Batch(key, scope, entries, deleted))

    def reject(self, reason: str, *, server_id: str | None = None, source: str = "unknown") -> None:
        """Record a body that could not be used (the caller answers 400)."""
        self._log(WebhookEvent(self._clock.now(), source, "rejected", None, server_id,
                               reason=reason))  # fmt: skip

    def history(
        self, limit: int = 100, offset: int = 0, status: str | None = None
    ) -> list[WebhookEvent]:
        """Return received webhooks, newest first."""
        with self._uow() as uow:
            return uow.webhooks.events(limit, offset, status)

    def pending(self) -> list[PendingBatch]:
        """Return batches still waiting (webhook batches and not-indexed retries)."""
        return self._pending.pending()

    def fire_now(self, key: str | None = None) -> list[Job]:
        """Start pending batches without waiting: all of them, or the one called ``key``."""
        return self._pending.fire_now(key)

    def tick(self) -> list[Job]:
        """Fire due batches and, hourly, forget history older than 30 days (periodic task)."""
        started = self._pending.fire_due()
        now = self._clock.now()
        if self._pruned_at is None or now - self._pruned_at >= timedelta(hours=1):
            with self._uow() as uow:
                uow.webhooks.prune_events(now - timedelta(days=HISTORY_DAYS))
                uow.commit()
            self._pruned_at = now
        return started

    def secret(self) -> str:
        """Return the webhook secret, generating and storing one the first time."""
        current = self._settings.current().previews.webhook_secret
        if current:
            return current
        self._settings.update({"previews": {"webhook_secret": new_token("whs_")}}, "system")
        return self._settings.current().previews.webhook_secret

    def secret_matches(self, presented: str) -> bool:
        """Return whether ``presented`` is the webhook secret (never true while unset)."""
        current = self._settings.current().previews.webhook_secret
        return bool(current) and bool(presented) and same(presented, current)

    def _ignored(self, found: RecognisedWebhook, server_id: str | None) -> WebhookReceipt:
        status = "test" if found.verdict is Verdict.TEST else "ignored"
        reason = found.reason or "not an import"
        event_id = self._log(
            WebhookEvent(self._clock.now(), found.source.value, "ignored", found.event,
                         server_id, title=found.title, reason=reason)
        )  # fmt: skip
        message = (
            f"{found.source.label} webhook configured successfully" if status == "test" else reason
        )
        return WebhookReceipt(status, found.source.value, found.event, message, event_id=event_id)

    def _add(self, found: RecognisedWebhook, new: _Batch) -> WebhookReceipt:
        cfg = self._settings.current().previews
        now = self._clock.now()
        with self._uow() as uow:
            batch = uow.webhooks.pending(new.key)
            seen = set(_entries(batch))
            window = cfg.webhook_duplicate_window_seconds
            if window > 0 and not found.upgrade:
                seen |= uow.webhooks.recent_paths(new.key, now - timedelta(seconds=window))
            fresh = [e for e in new.entries if e not in seen]
            dups = tuple(e for e in new.entries if e in seen)
            if new.deleted:  # an upgrade replaced these files: their old state is void
                uow.previews.forget_states(new.deleted)
            status = "accepted" if fresh else "duplicate"
            why = None if fresh else "every file is already pending or was just queued"
            event_id = uow.webhooks.add_event(
                WebhookEvent(now, found.source.value, status, found.event,
                             new.scope.id if new.scope else None, tuple(fresh) or dups,
                             found.title, why, new.key)
            )  # fmt: skip
            due = None
            if fresh:
                debounce = timedelta(seconds=cfg.webhook_debounce_seconds)
                due = _extend(uow, batch, new, found, fresh, event_id, now, debounce)
            uow.commit()
        message = f"{len(fresh)} file(s) queued" if fresh else "already queued"
        return WebhookReceipt(
            status, found.source.value, found.event, message, tuple(fresh), dups, new.key, due,
            event_id,
        )  # fmt: skip

    def _log(self, event: WebhookEvent) -> int:
        with self._uow() as uow:
            event_id = uow.webhooks.add_event(event)
            uow.commit()
        return event_id


def _extend(
    uow: PreviewUnitOfWork,
    batch: PendingBatch | None,
    new: _Batch,
    found: RecognisedWebhook,
    fresh: list[str],
    event_id: int,
    now: datetime,
    debounce: timedelta,
) -> datetime:
    """Add ``fresh`` entries to the batch and re-arm its timer; return when it fires."""
    first = batch.first_at if batch else now
    due = min(now + debounce, first + debounce * MAX_WAIT_WINDOWS)
    paths = (*(batch.paths if batch else ()), *(e for e in fresh if new.entries[e] is None))
    added = tuple(ref.as_payload() for e in fresh if (ref := new.entries[e]) is not None)
    items = (*(batch.items if batch else ()), *added)
    count = len(paths) + len(items)
    label = found.source.label
    plural = "" if count == 1 else "s"
    title = (
        f"{label}: {found.title}"
        if count == 1 and found.title
        else f"{label}: {count} file{plural}"
    )
    event_ids = (*(batch.event_ids if batch else ()), event_id)
    uow.webhooks.save_pending(
        PendingBatch(new.key, "webhook", f"webhook:{found.source.value}", title, due, first,
                     paths, items, event_ids, False, int(JobPriority.HIGH))
    )  # fmt: skip
    return due


def _label(item: ItemRef) -> str:
    return f"item {item.native_id} on {item.server_id}"


def _entries(batch: PendingBatch | None) -> list[str]:
    if batch is None:
        return []
    items = [_label(ItemRef(i["server_id"], i["native_id"])) for i in batch.items]
    return [*batch.paths, *items]
