"""GET /api/deletions narrowed to one library item (the item page's lifecycle panel)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tendarr.bootstrap import Runtime
from tendarr.persistence.media_tables import MediaItemRow
from tendarr.ports.deletions import DeletionMethod, DeletionSource, DeletionState, NewDeletion

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def movie(runtime: Runtime, title: str) -> int:
    """Store a library movie as a sync would; return its id."""
    with Session(runtime.engine) as session:
        row = MediaItemRow(kind="movie", title=title, created_at=NOW, updated_at=NOW)
        session.add(row)
        session.commit()
        return row.id


def deletion(runtime: Runtime, item_id: int, title: str, state: DeletionState, hours: int) -> int:
    """Write a checkpoint and settle it in ``state``, as the pipeline does."""
    at = NOW + timedelta(hours=hours)
    with runtime.uow() as uow:
        record = uow.deletions.add(
            NewDeletion(
                item_id, DeletionSource.RULE, "movie", title, {"tmdb": 1000 + item_id},
                ("watched by everyone",), 2_000, at, method=DeletionMethod.ARR_DELETE,
            )
        )  # fmt: skip
        freed = 2_000 if state is DeletionState.DONE else None
        uow.deletions.save(
            dataclasses.replace(record, state=state, finished_at=at, space_freed_bytes=freed)
        )
        uow.commit()
    return record.id


def test_the_history_of_one_item_only_lists_its_own_deletions(
    admin: TestClient, runtime: Runtime
) -> None:
    first, second = movie(runtime, "Alpha"), movie(runtime, "Beta")
    failed = deletion(runtime, first, "Alpha", DeletionState.FAILED, 1)
    done = deletion(runtime, first, "Alpha", DeletionState.DONE, 2)
    other = deletion(runtime, second, "Beta", DeletionState.DONE, 3)

    everything = admin.get("/api/deletions").json()
    assert [d["id"] for d in everything["deletions"]] == [other, done, failed]
    assert everything["total"] == 3

    mine = admin.get("/api/deletions", params={"media_item_id": first}).json()
    assert [(d["id"], d["media_item_id"]) for d in mine["deletions"]] == [
        (done, first), (failed, first),
    ]  # fmt: skip
    assert mine["total"] == 2

    paged = admin.get("/api/deletions", params={"media_item_id": first, "limit": 1, "offset": 1})
    assert ([d["id"] for d in paged.json()["deletions"]], paged.json()["total"]) == ([failed], 2)

    only_done = admin.get("/api/deletions", params={"media_item_id": first, "state": "done"})
    assert ([d["id"] for d in only_done.json()["deletions"]], only_done.json()["total"]) == (
        [done], 1,
    )  # fmt: skip

    nobody = admin.get("/api/deletions", params={"media_item_id": second + 100}).json()
    assert nobody == {"deletions": [], "total": 0}


def test_an_item_id_below_one_is_rejected(admin: TestClient) -> None:
    response = admin.get("/api/deletions", params={"media_item_id": 0})
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_the_deletions_page_is_for_signed_in_admins(admin: TestClient, runtime: Runtime) -> None:
    page = admin.get("/deletions")
    assert page.status_code == 200
    assert 'data-testid="deletions-page"' in page.text
    assert "/static/js/deletions.js" in page.text
    assert 'data-testid="nav-deletions"' in page.text
    item = admin.get(f"/library/{movie(runtime, 'Gamma')}")
    assert 'data-testid="lifecycle-panel"' in item.text
    assert "/static/js/item-lifecycle.js" in item.text
    admin.cookies.clear()
    anonymous = admin.get("/deletions", follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login?next=/deletions")
