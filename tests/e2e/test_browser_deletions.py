"""The deletion history page and the item page's cleanup panel, in the browser.

One ``tendarr serve`` for the module with a simulated Jellyfin (library and household
synced through the API) and the Radarr simulator configured through the API. Deletion
records are written through a second runtime's unit of work on the same database, exactly
as the deletion pipeline writes them (checkpoint, then settle); rules are saved and the
cleanup run is started through the API.

Hooks (``deletions.html``): ``nav-deletions``, ``deletions-page``, ``deletions-stats``,
``deletions-freed-{all|recent}``, ``deletions-count-{done|failed|skipped}``,
``deletions-recent-{done|failed|skipped}``, ``deletions-filter-{state|source}``,
``deletions-refresh``, ``deletions-table``, ``deletions-empty``, ``deletion-{id}`` with
``deletion-{title|when|source|rule|reasons|method|state|freed|item|restore|restoration}-{id}``,
``deletion-details-{id}``, ``deletion-detail-{id}``, ``deletion-steps-{id}``,
``deletion-step-{id}-{n}`` (``deletion-step-name``, ``-outcome``, ``-detail``),
``deletion-steps-empty-{id}``, ``deletions-prev``, ``deletions-next``, ``deletions-range``.
``_item_lifecycle.html``: ``lifecycle-panel``, ``lifecycle-rules``, ``lifecycle-rule-{id}``,
``lifecycle-verdict-{id}``, ``lifecycle-rule-name-{id}``, ``lifecycle-conditions-{id}``,
``lifecycle-condition``, ``lifecycle-reason``, ``lifecycle-protected``,
``lifecycle-rules-empty``, ``lifecycle-leaving``, ``lifecycle-leaving-{id}`` with
``lifecycle-leaving-{state|date|days|keep|extend|approve}-{id}``, ``lifecycle-leaving-none``,
``lifecycle-deletions``, ``lifecycle-deletion-{id}``, ``lifecycle-deletion-state-{id}``,
``lifecycle-deletions-none``, ``lifecycle-history-link``, ``lifecycle-viper``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tendarr.bootstrap import Runtime
from tendarr.ports.deletions import DeletionMethod, DeletionSource, DeletionState, NewDeletion
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Movie
from tendarr.sim.world import World
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import add_app, as_admin, simulated_household, size_text, sync_jellyfin
from tests.support import make_runtime, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

GB = 1024**3
NOW = datetime.now(UTC)


@dataclass(frozen=True)
class Seeded:
    """The running instance, its database and what the module seeded."""

    world: World
    base_url: str
    admin: httpx.Client
    runtime: Runtime
    items: dict[str, int]  # library id by movie title
    movie: Movie  # the one the rules and the history are about
    rules: dict[str, int]  # rule id by name
    deletions: dict[str, int]  # record id by role: done, failed, skipped, old


def radarr_target(world: World, movie: Movie) -> dict[str, Any]:
    """What the pipeline records before deleting a movie in Radarr (``ArrTarget``)."""
    assert movie.radarr is not None
    assert movie.file is not None
    profile = next(
        p.name for p in world.quality_profiles if p.id == movie.radarr.quality_profile_id
    )
    return {
        "instance_id": "radarr-main", "instance_name": "Radarr", "kind": "radarr",
        "item_id": movie.radarr.arr_id, "external_id": movie.tmdb_id, "title": movie.title,
        "year": movie.year, "quality_profile": profile, "root_folder": movie.radarr.root_folder,
        "tags": [], "monitored_seasons": [], "size": movie.file.size,
    }  # fmt: skip


def record(
    runtime: Runtime,
    new: NewDeletion,
    state: DeletionState,
    steps: list[dict[str, Any]],
    freed: int | None = None,
    detail: str | None = None,
) -> int:
    """Write the checkpoint, then settle it, as the deletion pipeline does."""
    with runtime.uow() as uow:
        planned = uow.deletions.add(new)
        uow.commit()
    at = new.created_at + timedelta(minutes=1)
    settled = dataclasses.replace(
        planned, state=state, steps=tuple(steps), space_freed_bytes=freed, detail=detail,
        started_at=new.created_at, external_done_at=at if steps else None, finished_at=at,
    )  # fmt: skip
    with runtime.uow() as uow:
        uow.deletions.save(settled)
        uow.commit()
    return planned.id


def step(name: str, outcome: str, detail: str, at: datetime) -> dict[str, Any]:
    return {"step": name, "at": at.isoformat(), "outcome": outcome, "detail": detail}


def movie_deletion(
    movie: Movie, item: int, rule: int | None, at: datetime, method: DeletionMethod
) -> NewDeletion:
    return NewDeletion(
        item, DeletionSource.RULE, "movie", movie.title,
        {"tmdb": movie.tmdb_id, "imdb": movie.imdb_id}, ("nobody watched it in 30 days",),
        movie.file.size if movie.file else None, at, rule_id=rule, method=method,
    )  # fmt: skip


def seed_history(
    runtime: Runtime, world: World, movies: list[Movie], items: dict[str, int], rule: int
) -> dict[str, int]:
    """Four records: done (restorable), failed, skipped by VIPER, and an old done one."""
    movie, failing, old = movies
    day = timedelta(days=1)
    done_at = NOW - 2 * day
    done = movie_deletion(movie, items[movie.title], rule, done_at, DeletionMethod.ARR_DELETE)
    failed_at = NOW - 1 * day
    fails = movie_deletion(
        failing, items[failing.title], rule, failed_at, DeletionMethod.MEDIA_SERVER
    )
    show = world.library_shows()[0]
    skipped = NewDeletion(
        None, DeletionSource.VIPER, "episode", f"{show.title} S01E02", {"tvdb": show.tvdb_id},
        ("outside every active viewer's bubble",), None, NOW - timedelta(hours=5),
    )  # fmt: skip
    old_at = NOW - 60 * day
    aged = movie_deletion(old, items[old.title], None, old_at, DeletionMethod.ARR_DELETE)
    return {
        "done": record(
            runtime,
            dataclasses.replace(done, target=radarr_target(world, movie)),
            DeletionState.DONE,
            [
                step(
                    "arr_delete",
                    "done",
                    "deleted in Radarr with its files; import exclusion added",
                    done_at,
                ),
                step("refresh_section", "done", "jellyfin/movies refreshed", done_at),
                step("clear_request", "failed", "Overseerr: 502 Bad Gateway", done_at),
            ],
            freed=3 * GB,
        ),
        "failed": record(
            runtime,
            fails,
            DeletionState.FAILED,
            [
                step(
                    "media_server", "failed", "Plex refuses: allow media deletion is off", failed_at
                )
            ],
            detail="media_server: Plex refuses: allow media deletion is off",
        ),
        "skipped": record(
            runtime, skipped, DeletionState.SKIPPED, [], detail="playing now on Jellyfin"
        ),
        "old": record(
            runtime,
            dataclasses.replace(aged, target=radarr_target(world, old)),
            DeletionState.DONE,
            [step("arr_delete", "done", "deleted in Radarr with its files", old_at)],
            freed=GB,
        ),
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """Jellyfin synced, Radarr configured, three rules saved, four deletions recorded."""
    world = generate_world(WorldConfig(seed=5, movies=12, shows=2, users=2, servers=("jellyfin",)))
    with simulated_household(world, tmp_path_factory.mktemp("deletions")) as household:
        sync_jellyfin(household)
        add_app(household, "/api/arr", "radarr")
        admin = household.admin
        rows = admin.get("/api/library/items", params={"kind": "movie"}).json()["items"]
        items = {row["title"]: row["id"] for row in rows}
        managed = [m for m in world.library_movies() if m.radarr and m.title in items]
        assert len(managed) >= 3, "the simulated Radarr manages too few movies"
        rules = save_rules(admin, managed[0])
        runtime = make_runtime(household.server.env)
        try:
            deletions = seed_history(runtime, world, managed[:3], items, rules["title"])
            yield Seeded(
                world, household.base_url, admin, runtime, items, managed[0], rules, deletions
            )
        finally:
            runtime.close()


def save_rules(admin: httpx.Client, movie: Movie) -> dict[str, int]:
    """An automatic rule that matches ``movie`` only; dry-run rules that match nothing and
    that cannot decide (kept because a source is unknown)."""
    documents = {
        "title": {
            "name": f"Goodbye {movie.title}", "target": "movie", "mode": "automatic",
            "grace_days": 15,
            "conditions": [{"property": "title", "operator": "equals", "value": movie.title}],
        },
        "nothing": {
            "name": "Nothing older than 1900", "target": "movie", "mode": "dry_run",
            "conditions": [{"property": "release_year", "operator": "lt", "value": 1900}],
        },
        # No request app is connected: nobody knows when it was requested.
        "unknown": {
            "name": "Requested over a year ago", "target": "movie", "mode": "dry_run",
            "conditions": [{"property": "days_since_requested", "operator": "gt", "value": 365}],
        },
    }  # fmt: skip
    ids = {}
    for key, document in documents.items():
        created = admin.post("/api/cleanup/rules", json=document)
        assert created.status_code == 201, created.text
        ids[key] = int(created.json()["id"])
    return ids


def run_cleanup(seeded: Seeded) -> dict[str, Any]:
    """Start a cleanup run (the title rule may exceed the breaker's share) and wait for it."""
    body = {"override_rule_ids": [seeded.rules["title"]]}
    started = seeded.admin.post("/api/cleanup/run", json=body)
    assert started.status_code == 202, started.text

    def ended() -> dict[str, Any] | None:
        job: dict[str, Any] = seeded.admin.get(f"/api/jobs/{started.json()['id']}").json()
        return job if job["state"] in {"succeeded", "failed", "cancelled"} else None

    job: dict[str, Any] = wait_for(ended, timeout=60, message="the cleanup run")
    assert job["state"] == "succeeded", job
    return job


def test_the_deletion_history_shows_totals_filters_steps_and_restores(
    page: Page, seeded: Seeded, page_errors: BrowserErrors, artifacts: Path
) -> None:
    ids = seeded.deletions
    stats = seeded.admin.get("/api/deletions/stats").json()
    recent = seeded.admin.get("/api/deletions/stats", params={"days": 30}).json()
    assert (stats["done"], stats["failed"], stats["skipped"]) == (2, 1, 1)
    assert (stats["space_freed_bytes"], recent["space_freed_bytes"]) == (4 * GB, 3 * GB)

    as_admin(page, seeded)
    page.goto(f"{seeded.base_url}/cleanup")
    page.get_by_test_id("nav-deletions").click()
    expect(page).to_have_url(re.compile(r"/deletions$"))
    expect(page.get_by_test_id("deletions-freed-all")).to_have_text(size_text(4 * GB))
    expect(page.get_by_test_id("deletions-freed-recent")).to_have_text(
        f"{size_text(3 * GB)} in the last 30 days"
    )
    expect(page.get_by_test_id("deletions-count-done")).to_have_text("2")
    expect(page.get_by_test_id("deletions-count-failed")).to_have_text("1")
    expect(page.get_by_test_id("deletions-count-skipped")).to_have_text("1")
    expect(page.get_by_test_id("deletions-recent-done")).to_have_text("1 in the last 30 days")

    table = page.get_by_test_id("deletions-table")
    rows = table.locator("tr.table__row")
    newest_first = sorted(ids.values(), reverse=True)
    expect(rows).to_have_count(4)
    for index, deletion_id in enumerate(newest_first):
        expect(rows.nth(index)).to_have_attribute("data-testid", f"deletion-{deletion_id}")
    done = ids["done"]
    expect(page.get_by_test_id(f"deletion-title-{done}")).to_have_text(seeded.movie.title)
    expect(page.get_by_test_id(f"deletion-source-{done}")).to_have_text("Rule")
    expect(page.get_by_test_id(f"deletion-rule-{done}")).to_have_text(
        f"Goodbye {seeded.movie.title}"
    )
    expect(page.get_by_test_id(f"deletion-reasons-{done}")).to_have_text(
        "nobody watched it in 30 days"
    )
    expect(page.get_by_test_id(f"deletion-method-{done}")).to_have_text("Sonarr/Radarr delete")
    expect(page.get_by_test_id(f"deletion-state-{done}")).to_have_text("Done")
    expect(page.get_by_test_id(f"deletion-freed-{done}")).to_have_text(size_text(3 * GB))
    expect(page.get_by_test_id(f"deletion-when-{done}")).to_have_text("2 days ago")
    expect(page.get_by_test_id(f"deletion-source-{ids['skipped']}")).to_have_text("VIPER")
    expect(page.get_by_test_id(f"deletion-state-{ids['failed']}")).to_have_text("Failed")
    expect(page.get_by_test_id(f"deletion-restore-{ids['failed']}")).to_be_hidden()
    expect(page.get_by_test_id(f"deletion-restore-{ids['skipped']}")).to_be_hidden()

    # A row opens to every external call it made.
    expect(page.get_by_test_id(f"deletion-details-{done}")).to_be_hidden()
    page.get_by_test_id(f"deletion-title-{done}").click()
    steps = page.get_by_test_id(f"deletion-steps-{done}")
    expect(steps.get_by_test_id("deletion-step-name")).to_have_text(
        ["Sonarr/Radarr delete", "Refresh library", "Clear request"]
    )
    expect(steps.get_by_test_id("deletion-step-outcome")).to_have_text(["done", "done", "failed"])
    expect(steps.get_by_test_id("deletion-step-detail").nth(2)).to_have_text(
        "Overseerr: 502 Bad Gateway"
    )
    page.get_by_test_id(f"deletion-title-{ids['skipped']}").click()
    expect(page.get_by_test_id(f"deletion-detail-{ids['skipped']}")).to_have_text(
        "playing now on Jellyfin"
    )
    expect(page.get_by_test_id(f"deletion-steps-empty-{ids['skipped']}")).to_be_visible()
    shot = artifacts / "deletions-history.png"
    page.screenshot(path=shot, full_page=True)

    # Filters narrow the table (and survive a reload through the URL).
    page.get_by_test_id("deletions-filter-state").select_option("done")
    expect(rows).to_have_count(2)
    expect(page).to_have_url(re.compile(r"state=done"))
    page.get_by_test_id("deletions-filter-source").select_option("viper")
    expect(page.get_by_test_id("deletions-empty")).to_be_visible()
    page.get_by_test_id("deletions-filter-state").select_option("")
    expect(rows).to_have_count(1)
    expect(table.get_by_test_id(f"deletion-{ids['skipped']}")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("deletions-filter-source")).to_have_value("viper")
    expect(rows).to_have_count(1)
    page.get_by_test_id("deletions-filter-source").select_option("")
    expect(rows).to_have_count(4)

    # Restore: confirm, the restoration starts and its outcome shows on the row.
    page.get_by_test_id(f"deletion-restore-{done}").click()
    page.get_by_test_id("confirm-ok").click()
    badge = page.get_by_test_id(f"deletion-restoration-{done}")
    expect(badge).to_contain_text("Restore: ")
    expect(badge).to_have_text("Restore: done", timeout=60_000)
    expect(page.get_by_test_id(f"deletion-restore-{done}")).to_be_hidden()
    restorations = seeded.admin.get("/api/restorations").json()
    assert [(r["deletion_id"], r["trigger"], r["state"]) for r in restorations] == [
        (done, "manual", "done")
    ]
    assert [s["step"] for s in restorations[0]["steps"]] == [
        "removing_exclusion", "adding", "searching",
    ]  # fmt: skip
    page.get_by_test_id(f"deletion-title-{done}").click()  # closed it; open it again
    expect(page.get_by_test_id(f"deletion-restoration-detail-{done}")).to_contain_text("done")

    # A finished cleanup run refreshes the page: a deletion recorded meanwhile appears.
    expect(page.get_by_test_id("live-indicator")).to_have_class(re.compile("live--open"))
    other = next(
        m for m in seeded.world.library_movies()
        if m.title in seeded.items and m.title != seeded.movie.title
    )  # fmt: skip
    added = record(
        seeded.runtime,
        movie_deletion(other, seeded.items[other.title], None, NOW, DeletionMethod.FILES),
        DeletionState.DONE, [step("files", "done", "2 files removed", NOW)], freed=GB,
    )  # fmt: skip
    expect(table.get_by_test_id(f"deletion-{added}")).to_have_count(0)
    run_cleanup(seeded)
    expect(table.get_by_test_id(f"deletion-{added}")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("deletions-count-done")).to_have_text("3")
    expect(page.get_by_test_id("deletions-freed-all")).to_have_text(size_text(5 * GB))
    assert page_errors.messages == []


def test_the_item_page_explains_each_rule_leaving_soon_and_its_deletions(
    page: Page, seeded: Seeded, page_errors: BrowserErrors, artifacts: Path
) -> None:
    item = seeded.items[seeded.movie.title]
    title_rule, nothing_rule = seeded.rules["title"], seeded.rules["nothing"]
    unknown_rule = seeded.rules["unknown"]
    run_cleanup(seeded)  # the automatic rule puts the movie in Leaving Soon
    entry = next(e for e in seeded.admin.get("/api/leaving-soon").json() if e["item_id"] == item)
    assert (entry["state"], entry["days_left"]) == ("leaving", 15), entry
    lifecycle = seeded.admin.get(f"/api/items/{item}/lifecycle").json()
    verdicts = {r["rule_id"]: r["verdict"] for r in lifecycle["rules"]}
    assert [verdicts[title_rule], verdicts[nothing_rule], verdicts[unknown_rule]] == [
        "matches", "no_match", "kept",
    ], lifecycle  # fmt: skip

    as_admin(page, seeded)
    page.goto(f"{seeded.base_url}/library/{item}")
    panel = page.get_by_test_id("lifecycle-panel")
    expect(panel.get_by_test_id(f"lifecycle-verdict-{title_rule}")).to_have_text("Matches")
    expect(panel.get_by_test_id(f"lifecycle-rule-name-{title_rule}")).to_have_text(
        f"Goodbye {seeded.movie.title}"
    )
    conditions = panel.get_by_test_id(f"lifecycle-conditions-{title_rule}")
    explained = next(r for r in lifecycle["rules"] if r["rule_id"] == title_rule)
    expect(conditions.get_by_test_id("lifecycle-condition")).to_have_text(
        [c["text"] for c in explained["conditions"]]
    )
    expect(conditions.get_by_test_id("lifecycle-condition").first).to_contain_text(
        seeded.movie.title
    )
    expect(conditions.get_by_test_id("lifecycle-condition").first).to_have_attribute(
        "data-outcome", "true"
    )
    expect(panel.get_by_test_id(f"lifecycle-verdict-{nothing_rule}")).to_have_text("Does not match")
    nothing = panel.get_by_test_id(f"lifecycle-conditions-{nothing_rule}")
    expect(nothing.get_by_test_id("lifecycle-condition")).to_have_attribute("data-outcome", "false")
    expect(nothing.get_by_test_id("lifecycle-condition")).to_contain_text("release_year lt 1900")
    expect(panel.get_by_test_id(f"lifecycle-verdict-{unknown_rule}")).to_have_text(
        "Kept: something is unknown"
    )
    unknown = panel.get_by_test_id(f"lifecycle-conditions-{unknown_rule}")
    expect(unknown.get_by_test_id("lifecycle-condition")).to_have_attribute(
        "data-outcome", "unknown"
    )
    expect(unknown.get_by_test_id("lifecycle-condition")).to_have_attribute("data-deciding", "true")
    expect(unknown.get_by_test_id("lifecycle-condition")).to_contain_text("unknown (requests: ")

    # Leaving Soon: state, date, days left; extend, then keep.
    leaving = panel.get_by_test_id(f"lifecycle-leaving-{entry['id']}")
    expect(leaving.get_by_test_id(f"lifecycle-leaving-state-{entry['id']}")).to_have_text("Leaving")
    expect(leaving.get_by_test_id(f"lifecycle-leaving-days-{entry['id']}")).to_have_text(
        "15 days left"
    )
    expect(leaving.get_by_test_id(f"lifecycle-leaving-date-{entry['id']}")).to_contain_text(
        "leaves "
    )
    leaving.get_by_test_id(f"lifecycle-leaving-extend-{entry['id']}").click()
    expect(leaving.get_by_test_id(f"lifecycle-leaving-days-{entry['id']}")).to_have_text(
        "22 days left"
    )
    expect(leaving.get_by_test_id(f"lifecycle-leaving-state-{entry['id']}")).to_have_text(
        "Extended"
    )

    # Its deletions only (the other movies' records are not listed).
    history = panel.get_by_test_id("lifecycle-deletions")
    done = seeded.deletions["done"]
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.get_by_test_id(f"lifecycle-deletion-state-{done}")).to_have_text("Done")
    expect(history.get_by_test_id(f"lifecycle-deletion-{done}")).to_contain_text(size_text(3 * GB))
    expect(panel.get_by_test_id("lifecycle-viper")).to_be_hidden()  # a movie: no VIPER
    page.screenshot(path=artifacts / "deletions-item-lifecycle.png", full_page=True)

    leaving.get_by_test_id(f"lifecycle-leaving-keep-{entry['id']}").click()
    expect(leaving.get_by_test_id(f"lifecycle-leaving-state-{entry['id']}")).to_have_text("Kept")
    expect(leaving.get_by_test_id(f"lifecycle-leaving-keep-{entry['id']}")).to_be_hidden()
    expect(leaving.get_by_test_id(f"lifecycle-leaving-extend-{entry['id']}")).to_be_hidden()
    kept = seeded.admin.get("/api/leaving-soon").json()
    assert [e["state"] for e in kept if e["item_id"] == item] == ["kept_by_admin"]

    # The protection panel beside it still works.
    expect(page.get_by_test_id("item-lifecycle").get_by_test_id("protection-badge")).to_have_text(
        "Not protected"
    )
    assert page_errors.messages == []


def test_a_show_links_to_vipers_view_and_lists_no_deletions(
    page: Page, seeded: Seeded, page_errors: BrowserErrors
) -> None:
    shows = seeded.admin.get("/api/library/items", params={"kind": "show"}).json()["items"]
    show = shows[0]
    as_admin(page, seeded)
    page.goto(f"{seeded.base_url}/library/{show['id']}")
    panel = page.get_by_test_id("lifecycle-panel")
    expect(panel.get_by_test_id("lifecycle-deletions-none")).to_be_visible()
    expect(panel.get_by_test_id("lifecycle-leaving-none")).to_be_visible()
    lifecycle = seeded.admin.get(f"/api/items/{show['id']}/lifecycle").json()
    labels = {"matches": "Matches", "no_match": "Does not match"}
    for explained in lifecycle["rules"]:  # both rules are for movies
        verdict = panel.get_by_test_id(f"lifecycle-verdict-{explained['rule_id']}")
        expect(verdict).to_have_text(labels.get(explained["verdict"], "Kept: something is unknown"))
    assert all(r["verdict"] != "matches" for r in lifecycle["rules"]), lifecycle
    link = panel.get_by_test_id("lifecycle-viper")
    expect(link).to_have_attribute("href", f"/viper?show={show['id']}")
    link.click()
    expect(page).to_have_url(re.compile(rf"/viper\?show={show['id']}$"))
    expect(page.get_by_test_id("viper-page")).to_be_visible()
    if seeded.admin.get(f"/api/viper/shows/{show['id']}").status_code == 200:
        expect(page.get_by_test_id("viper-detail-title")).to_have_text(show["title"])
    else:
        expect(page.get_by_test_id("viper-error")).to_be_visible()
    assert page_errors.messages == []
