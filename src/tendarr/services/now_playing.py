"""What is playing now on every server, attached to people and library items.

A server that cannot answer is listed in ``unavailable``: never read as "nothing playing".
"""

from __future__ import annotations

from dataclasses import dataclass

from tendarr.domain.household import RemoteSession
from tendarr.ports.household import HouseholdSourceFactory
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory


@dataclass(frozen=True)
class NowPlaying:
    """One live session, attached to a person and a library item where known."""

    session: RemoteSession
    user_id: int | None
    username: str | None
    media_item_id: int | None


@dataclass(frozen=True)
class Sessions:
    """Everything playing now, and the servers that could not say (never "nothing")."""

    playing: list[NowPlaying]
    unavailable: dict[str, str]


class NowPlayingReader:
    """Asks every enabled server for its live sessions."""

    def __init__(self, uow: UnitOfWorkFactory, sources: HouseholdSourceFactory) -> None:
        self._uow = uow
        self._sources = sources

    def sessions(self) -> Sessions:
        """Ask every enabled server what is playing now."""
        with self._uow() as uow:
            servers = [c for c in uow.servers.all() if c.enabled]
        playing: list[NowPlaying] = []
        unavailable: dict[str, str] = {}
        for config in servers:
            try:
                live = self._sources(config).sessions()
            except MediaServerError as err:
                unavailable[config.id] = str(err)
                continue
            playing.extend(self._attach(config.id, live))
        return Sessions(playing, unavailable)

    def _attach(self, server_id: str, live: list[RemoteSession]) -> list[NowPlaying]:
        with self._uow() as uow:
            items = uow.library.server_items_by_native(server_id, {s.item_native_id for s in live})
            accounts = {a.native_id: a for a in uow.household.accounts(server_id)}
            users = {
                a.user_id: uow.users.get(a.user_id)
                for a in accounts.values()
                if a.user_id is not None
            }
        out = []
        for session in live:
            account = accounts.get(session.account_native_id)
            user = users.get(account.user_id) if account and account.user_id else None
            item = items.get(session.item_native_id)
            out.append(
                NowPlaying(
                    session,
                    user.id if user else None,
                    user.username if user else (account.username if account else None),
                    item.media_item_id if item else None,
                )
            )
        return out
