"""Real-time "the library changed" notices from a media server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from tendarr.domain.servers import ServerConfig


@dataclass(frozen=True)
class LibraryChanged:
    """A server said its library changed (an item became ready, was deleted, a scan ended)."""

    server_id: str
    section_id: str | None = None
    native_ids: tuple[str, ...] = ()
    reason: str = ""


class ServerEvents(Protocol):
    """A live event stream of one server; reconnects by itself until stopped."""

    def changes(self, stop: threading.Event) -> Iterator[LibraryChanged]:
        """Yield notices until ``stop`` is set (or ``close`` is called)."""
        ...

    def close(self) -> None:
        """Stop streaming and release the connection (callable from another thread)."""
        ...


# Returns None for servers that have no event stream Tendarr listens to.
ServerEventsFactory = Callable[[ServerConfig], ServerEvents | None]
