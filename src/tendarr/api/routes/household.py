"""The household: people and their server accounts, watch history, now playing, watchlists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context, CurrentCaller
from tendarr.api.household_schemas import (
    AccountOut,
    HistoryPageOut,
    HistoryRowOut,
    HouseholdOut,
    HouseholdSyncBody,
    ItemWatchList,
    ItemWatchOut,
    LinkBody,
    MemberOut,
    SessionOut,
    SessionsOut,
    WatchlistAddBody,
    WatchlistEntryOut,
    WatchlistOut,
)
from tendarr.api.schemas import JobOut
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.household_reads import HistoryQuery
from tendarr.services.household import HouseholdService
from tendarr.services.watchlists import OwnWatchlist

router = APIRouter(tags=["household"])


def _household(context: Context) -> HouseholdService:
    if context.household is None:
        raise ValidationFailed("the household is not available in this process")
    return context.household


def _watchlist(context: Context) -> OwnWatchlist:
    if context.watchlist is None:
        raise ValidationFailed("watchlists are not available in this process")
    return context.watchlist


@router.get("/api/household", summary="People, their server accounts and viewing summary")
def household(caller: AdminCaller, context: Context) -> HouseholdOut:
    """Return every Tendarr user with linked accounts, and accounts linked to nobody."""
    result = _household(context).household()
    return HouseholdOut(
        members=[MemberOut.of(m) for m in result.members],
        unlinked=[AccountOut.of(a) for a in result.unlinked],
    )


@router.put("/api/household/accounts/{account_id}/link", summary="Link an account by hand")
def link_account(
    account_id: int, body: LinkBody, caller: AdminCaller, context: Context
) -> AccountOut:
    """Attach a server account to a person (``user_id: null`` detaches it)."""
    return AccountOut.of(_household(context).link(account_id, body.user_id))


@router.post(
    "/api/household/sync",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Read accounts, watch history and watchlists now",
)
def sync(body: HouseholdSyncBody, caller: AdminCaller, context: Context) -> list[JobOut]:
    """Queue a household sync of one server (or all enabled ones); returns the jobs."""
    service = _household(context)
    if body.server_id:
        jobs = [service.start_sync(body.server_id, body.full, caller.user.username)]
    else:
        jobs = service.sync_all()
    return [JobOut.of(j) for j in jobs]


@router.get("/api/household/history", summary="Watch history, newest first")
def history(
    caller: CurrentCaller,
    context: Context,
    user_id: int | None = None,
    server_id: Annotated[str | None, Query(max_length=48)] = None,
    source: Annotated[str | None, Query(max_length=16)] = None,
    item_id: int | None = None,
    completed: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HistoryPageOut:
    """Return viewing events from every server and Tautulli; members see only their own."""
    if not caller.user.is_admin:
        user_id = caller.user.id
    query = HistoryQuery(user_id, server_id, source, item_id, completed, limit, offset)
    rows, total = _household(context).history(query)
    return HistoryPageOut(
        items=[HistoryRowOut.of(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/api/household/sessions", summary="What is playing now on every server")
async def sessions(caller: AdminCaller, context: Context) -> SessionsOut:
    """Ask each enabled server; a server that cannot answer is listed, not left out."""
    live = await run_in_threadpool(_household(context).sessions)
    return SessionsOut(
        sessions=[SessionOut.of(p) for p in live.playing], unavailable=live.unavailable
    )


@router.get("/api/library/items/{item_id}/watch", summary="Who watched an item, on which server")
def item_watch(item_id: int, caller: CurrentCaller, context: Context) -> ItemWatchList:
    """Return each person's plays, progress and servers for a movie, show or episode;
    members see only their own."""
    watchers = _household(context).item_watch(item_id)
    if not caller.user.is_admin:
        watchers = [w for w in watchers if w.user_id == caller.user.id]
    return ItemWatchList(watchers=[ItemWatchOut.of(w) for w in watchers])


@router.get("/api/watchlist", summary="Watchlists (Plex, favourites and Tendarr's own)")
def watchlist(
    caller: CurrentCaller, context: Context, user_id: int | None = None, everyone: bool = False
) -> WatchlistOut:
    """Return the caller's active entries; admins may ask for a user or everyone."""
    if not caller.user.is_admin:
        user_id, everyone = caller.user.id, False
    elif user_id is None and not everyone:
        user_id = caller.user.id
    entries = _watchlist(context).entries(None if everyone else user_id)
    return WatchlistOut(entries=[WatchlistEntryOut.of(e) for e in entries])


@router.post(
    "/api/watchlist",
    status_code=status.HTTP_201_CREATED,
    summary="Put a library title on your Tendarr watchlist",
)
def add_to_watchlist(
    body: WatchlistAddBody, caller: CurrentCaller, context: Context
) -> dict[str, int]:
    """Add a movie or show; adding one already there returns the existing entry."""
    return {"id": _watchlist(context).add(caller.user.id, body.media_item_id)}


@router.delete(
    "/api/watchlist/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take a title off your Tendarr watchlist",
)
def remove_from_watchlist(entry_id: int, caller: CurrentCaller, context: Context) -> Response:
    """Close the entry (its history is kept so a later re-add is visible)."""
    _watchlist(context).remove(caller.user.id, entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
