"""What the Plex and Jellyfin/Emby lifecycle adapters share: whole listings, explained refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tendarr.integrations._http import RequestRefused
from tendarr.ports.media_lifecycle import DeletionNotAllowed, ItemNotOnServer
from tendarr.ports.media_server import ServerAuthFailed, ServerResponseInvalid

R = TypeVar("R")


def read_all_pages(
    read_page: Callable[[int], tuple[list[R], int | None]],
    page_size: int,
    *,
    vendor: str,
    what: str,
) -> list[R]:
    """Return every row of a listing, reading ``page_size`` rows at a time from offset 0.

    ``read_page(start)`` returns one page and the server's total (None when it sends none).
    Without a total a short page ends the listing; an empty page before the total is
    reached raises ServerResponseInvalid rather than returning part of the listing.
    """
    found: list[R] = []
    while True:
        page, total = read_page(len(found))
        found.extend(page)
        if total is None:
            if len(page) < page_size:
                return found
        elif len(found) >= total:
            return found
        if not page:
            raise ServerResponseInvalid(f"{vendor} listed {total} {what} but sent fewer")


def delete_or_explain(
    delete: Callable[[], object],
    reads_server: Callable[[], object],
    *,
    not_allowed: str,
    not_found: str,
) -> None:
    """Run ``delete``, turning the server's refusals into the MediaLifecycle port's errors.

    A 401/403 means a bad token or a user (or server) without deletion rights: when
    ``reads_server`` still succeeds with the same token it is the latter, DeletionNotAllowed
    (``not_allowed``); otherwise its own error (ServerAuthFailed) propagates. A 404 is
    ItemNotOnServer (``not_found``); any other failure propagates unchanged.
    """
    try:
        delete()
    except ServerAuthFailed as err:
        reads_server()
        raise DeletionNotAllowed(not_allowed) from err
    except RequestRefused as err:
        if err.status == 404:
            raise ItemNotOnServer(not_found) from err
        raise
