"""One simulated Jellyfin or Emby server: its state, catalog and test controls."""

from __future__ import annotations

from typing import Any

import httpx

from tendarr.sim.mediabrowser import library, sessions, webhooks
from tendarr.sim.mediabrowser.catalog import Catalog, Item
from tendarr.sim.mediabrowser.dto import base_item
from tendarr.sim.mediabrowser.state import (
    Device,
    Flavor,
    PlaybackSession,
    QuickConnectRequest,
    ServerState,
    TrickplayTiles,
)
from tendarr.sim.model import Play, User
from tendarr.sim.world import World, WorldEvent

_ITEM_KEYS = {"movie": "movie", "episode": "episode"}


class SimServer:
    """A Jellyfin or Emby server over the World, with controls tests use."""

    def __init__(
        self, world: World, server_id: str, flavor: Flavor, ids_change_on_rescan: bool = False
    ) -> None:
        server = world.server(server_id)
        if server.kind != flavor:
            raise ValueError(f"{server_id} is a {server.kind} server, not {flavor}")
        self.state = ServerState(world, server, flavor, ids_change_on_rescan)
        self._catalog: Catalog | None = None
        self._catalog_version: tuple[int, int] = (-1, -1)
        world.listeners.append(self._on_world_event)

    @property
    def world(self) -> World:
        """Return the World this server serves."""
        return self.state.world

    def catalog(self) -> Catalog:
        """Return what the server lists now (rebuilt only after the World changed)."""
        world, server = self.state.world, self.state.server
        # Every structural change (download, deletion, id rescan) emits a World event.
        version = (len(world.events), len(server.native_ids))
        if self._catalog is None or self._catalog_version != version:
            self._catalog = Catalog(world, server)
            self._catalog_version = version
        return self._catalog

    def item(self, native_id: str) -> Item:
        """Return the item with a native id (KeyError when unknown)."""
        found = self.catalog().find(native_id)
        if found is None:
            raise KeyError(native_id)
        return found

    # --- test controls ------------------------------------------------------------------
    def set_webhook(self, url: str, client: httpx.Client | None = None) -> None:
        """Register a webhook destination (and the client that posts to it)."""
        self.state.webhook_urls.append(url)
        if client is not None:
            self.state.webhook_client = client

    def authorize_quick_connect(self, code: str, user: User) -> bool:
        """Approve a pending Quick Connect code as ``user`` would in another client."""
        request = self.quick_connect_by_code(code)
        if request is None:
            return False
        request.user = user
        return True

    def quick_connect_by_code(self, code: str) -> QuickConnectRequest | None:
        """Return the pending request showing ``code``."""
        return next((r for r in self.state.quick_connect.values() if r.code == code), None)

    def start_playback(
        self, user: User, native_id: str, device: Device | None = None
    ) -> PlaybackSession:
        """Start playing an item for a user and send the PlaybackStart webhook."""
        item = self.item(native_id)
        session = sessions.start(self.state, user, item, device)
        self._notify("PlaybackStart", item, user)
        return session

    def stop_playback(self, session_id: str, position_ms: int) -> Play:
        """Stop a session, record the play and send the PlaybackStop webhook."""
        session = self.state.sessions[session_id]
        catalog = self.catalog()
        item = next(i for i in catalog.items if i.key == session.item_key)
        play = sessions.stop(self.state, catalog, session_id, position_ms)
        ticks = position_ms * 10_000
        self._notify(
            "PlaybackStop",
            item,
            session.user,
            PlayedToCompletion=play.completed,
            PlaybackPositionTicks=ticks,
        )
        return play

    def write_tiles(self, native_id: str, width: int = 320, thumbnails: int = 1) -> TrickplayTiles:
        """Place trickplay sheets beside an item's media (not yet known to the server)."""
        return library.write_tiles(self.state, self.item(native_id).key, width, thumbnails)

    def register_tiles(self, native_id: str, width: int = 320) -> TrickplayTiles | None:
        """Register written tiles with the right count, as the bridge plugin does."""
        return library.register_tiles(self.state, self.item(native_id).key, width)

    # --- events -------------------------------------------------------------------------
    def _on_world_event(self, event: WorldEvent) -> None:
        if event.kind != "download.completed":
            return
        kind = _ITEM_KEYS.get(str(event.data.get("kind")))
        if kind is None or event.data.get("upgrade"):
            return
        catalog = self.catalog()
        item = next((i for i in catalog.items if i.key == (kind, event.data["item_id"])), None)
        if item is not None:
            self._notify("ItemAdded", item, None)

    def _notify(self, event: str, item: Item, user: User | None, **extra: Any) -> None:
        if self.state.flavor == "jellyfin":
            payload = webhooks.jellyfin_payload(self.state, event, item, user, **extra)
        else:
            fields = {"Path", "ProviderIds"}
            dto = base_item(self.state, self.catalog(), item, fields, None)
            payload = webhooks.emby_payload(self.state, event, dto, user, **extra)
        webhooks.deliver(self.state, payload)
