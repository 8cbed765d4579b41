"""The cleanup rules editor in the browser: build a rule, preview its matches, save it.

One ``tendarr serve`` for the module with a simulated Plex (plus Tautulli) and Jellyfin
added and synced through the API, so the library and the watch history exist.

Hooks (``cleanup.html``, ``_cleanup_*.html``): ``nav-cleanup``, ``cleanup-page``,
``cleanup-new``, ``cleanup-rules``, ``cleanup-rules-empty``, ``cleanup-rule-{id}`` with
``cleanup-rule-{name|target|mode|enabled|edit|delete}-{id}``; the editor
``cleanup-editor``, ``cleanup-editor-error``, ``cleanup-{name|target|mode|grace|enabled|
libraries}``; the builder, by validation path (``conditions[1]``, ``conditions[1].any[0]``):
``cleanup-group-{path}``, ``cleanup-group-kind-{path}``, ``cleanup-cond-{path}``,
``cleanup-{property|operator|value|low|high|remove}-{path}``,
``cleanup-add-{condition|group}-{path}`` (the root group is ``conditions``);
``cleanup-preview``, ``cleanup-save``, ``cleanup-cancel``; the preview
``cleanup-result``, ``cleanup-match-count``, ``cleanup-total-size``, ``cleanup-kept-count``,
``cleanup-matches``, ``cleanup-match-{id}``, ``cleanup-match-title-{id}``,
``cleanup-reason``, ``cleanup-kept``, ``cleanup-kept-{id}``, ``cleanup-unknown-reason``,
``cleanup-prev``, ``cleanup-next``, ``cleanup-range``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import (
    Household,
    as_admin,
    simulated_household,
    size_text,
    sync_plex_and_jellyfin,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RULE_NAME = "Movies added over {days} days ago and never watched"
PAGE_SIZE = 25


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    """Plex (with Tautulli) and Jellyfin added and synced: libraries, accounts, history."""
    world = generate_world(
        WorldConfig(seed=11, movies=40, shows=2, users=4, servers=("plex", "jellyfin"))
    )
    tmp = tmp_path_factory.mktemp("cleanup")
    with simulated_household(world, tmp, plex_tv=True) as household:
        sync_plex_and_jellyfin(household)
        yield household


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"cleanup-{name}.png", full_page=True)


def rule(days: int, *extra: dict[str, Any]) -> dict[str, Any]:
    """The rule the test builds in the editor, as the API takes it."""
    return {
        "name": RULE_NAME.format(days=days),
        "target": "movie",
        "mode": "dry_run",
        "conditions": [
            {"property": "days_since_added", "operator": "gt", "value": days},
            {"property": "watched_by_anyone", "operator": "is_false"},
            *extra,
        ],
    }


def preview(household: Household, document: dict[str, Any]) -> dict[str, Any]:
    response = household.admin.post(
        "/api/cleanup/rules/preview", json=document, params={"limit": PAGE_SIZE}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def match_count(result: dict[str, Any]) -> int:
    counts = result.get("counts") or {}
    found = counts.get("matches", result.get("match_count", result.get("total")))
    return int(found if found is not None else len(result["matches"]))


def pick_days(household: Household) -> tuple[int, dict[str, Any]]:
    """Pick an age that matches some but not all of the simulated never-watched movies."""
    world, now = household.world, datetime.now(UTC)
    done = {p.item_id for p in world.plays if p.item_kind == "movie" and p.completed}
    movies = world.library_movies()
    ages = sorted(
        (now - m.added_at).days for m in movies if m.id not in done and m.added_at is not None
    )
    assert len(ages) >= 2, "the simulated household watched (nearly) every movie"
    for days in (ages[len(ages) // 2], ages[len(ages) // 4], ages[-1] - 1):
        result = preview(household, rule(days))
        if 0 < match_count(result) < len(movies):
            return days, result
    pytest.fail(f"no age in {ages} matches some but not all movies: {result}")


def condition(page: Page, path: str, prop: str, operator: str, value: str | None = None) -> None:
    """Fill the builder's condition at ``path``."""
    page.get_by_test_id(f"cleanup-property-{path}").select_option(prop)
    page.get_by_test_id(f"cleanup-operator-{path}").select_option(operator)
    field = page.get_by_test_id(f"cleanup-value-{path}")
    if value is None:
        expect(field).to_have_count(0)  # exists, is_true ...: no value to give
    else:
        field.fill(value)


def test_admin_builds_previews_and_saves_a_dry_run_rule(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    days, expected = pick_days(household)
    as_admin(page, household)
    page.goto(household.base_url + "/")
    page.get_by_test_id("nav-cleanup").click()
    expect(page.get_by_test_id("cleanup-page")).to_be_visible()
    expect(page.get_by_test_id("cleanup-rules-empty")).to_be_visible()

    # A new rule starts as a dry run on movies, with one empty condition.
    page.get_by_test_id("cleanup-new").click()
    expect(page.get_by_test_id("cleanup-editor")).to_be_visible()
    expect(page.get_by_test_id("cleanup-mode")).to_have_value("dry_run")
    expect(page.get_by_test_id("cleanup-target")).to_have_value("movie")
    page.get_by_test_id("cleanup-name").fill(RULE_NAME.format(days=days))
    condition(page, "conditions[0]", "days_since_added", "gt", str(days))
    page.get_by_test_id("cleanup-add-condition-conditions").click()
    condition(page, "conditions[1]", "watched_by_anyone", "is_false")
    expect(page.get_by_test_id("cleanup-cond-conditions[1]")).to_contain_text("watched it")

    # Preview: the same matches as the API, each with its reasons, and their total size.
    page.get_by_test_id("cleanup-preview").click()
    count = match_count(expected)
    expect(page.get_by_test_id("cleanup-match-count")).to_have_text(
        f"{count} match" if count == 1 else f"{count} matches"
    )
    expect(page.get_by_test_id("cleanup-total-size")).to_have_text(
        size_text(expected.get("match_bytes", expected.get("total_size", 0)))
    )
    rows = page.get_by_test_id("cleanup-matches").locator("[data-testid^='cleanup-match-title-']")
    expect(rows).to_have_count(min(count, PAGE_SIZE))
    first = expected["matches"][0]
    first_id = first.get("item_id", first.get("id"))
    title = page.get_by_test_id(f"cleanup-match-title-{first_id}")
    expect(title).to_have_text(first["title"])
    expect(title).to_have_attribute("href", f"/library/{first_id}")
    reasons = page.get_by_test_id(f"cleanup-match-{first_id}").get_by_test_id("cleanup-reason")
    expect(reasons.first).to_contain_text("days_since_added")
    expect(reasons.first).to_contain_text(f"> {days}")
    expect(reasons.nth(1)).to_contain_text("watched_by_anyone")
    shot(page, artifacts, "01-preview")

    # A Sonarr/Radarr property cannot be known without Sonarr/Radarr: items are kept.
    page.get_by_test_id("cleanup-add-condition-conditions").click()
    condition(page, "conditions[2]", "arr_monitored", "is_true")
    page.get_by_test_id("cleanup-preview").click()
    expect(page.get_by_test_id("cleanup-match-count")).to_have_text("0 matches")
    expect(page.get_by_test_id("cleanup-matches-empty")).to_be_visible()
    unknown = page.get_by_test_id("cleanup-kept").get_by_test_id("cleanup-unknown-reason")
    expect(unknown.first).to_contain_text("arr_monitored")
    expect(unknown.first).to_contain_text("not connected")
    expect(page.get_by_test_id("cleanup-kept-count")).to_contain_text(
        "kept because something is unknown"
    )
    shot(page, artifacts, "02-kept-unknown")

    # An invalid value: the server's message, naming the condition, at the top.
    condition(page, "conditions[2]", "title", "matches", "([")
    page.get_by_test_id("cleanup-save").click()
    error = page.get_by_test_id("cleanup-editor-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("conditions[2]")
    expect(page.get_by_test_id("cleanup-rules-empty")).to_be_visible()
    shot(page, artifacts, "03-invalid")
    page.get_by_test_id("cleanup-remove-conditions[2]").click()
    expect(page.get_by_test_id("cleanup-cond-conditions[2]")).to_have_count(0)

    # Saved as a dry run, it shows in the list.
    page.get_by_test_id("cleanup-save").click()
    expect(page.get_by_test_id("cleanup-editor")).to_be_hidden()
    rows = page.get_by_test_id("cleanup-rules").locator("[data-testid^='cleanup-rule-name-']")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text(RULE_NAME.format(days=days))
    stored = household.get("/api/cleanup/rules")
    saved = stored["rules"][0] if isinstance(stored, dict) else stored[0]
    assert saved["mode"] == "dry_run"
    expect(page.get_by_test_id(f"cleanup-rule-mode-{saved['id']}")).to_have_text("Dry run")
    expect(page.get_by_test_id(f"cleanup-rule-target-{saved['id']}")).to_have_text("Movies")
    shot(page, artifacts, "04-saved")

    # Opened again, the editor holds the saved conditions.
    page.get_by_test_id(f"cleanup-rule-edit-{saved['id']}").click()
    expect(page.get_by_test_id("cleanup-name")).to_have_value(RULE_NAME.format(days=days))
    expect(page.get_by_test_id("cleanup-property-conditions[0]")).to_have_value("days_since_added")
    expect(page.get_by_test_id("cleanup-value-conditions[0]")).to_have_value(str(days))
    expect(page.get_by_test_id("cleanup-operator-conditions[1]")).to_have_value("is_false")
    assert page_errors.messages == [], page_errors.messages
    assert re.search(r"/cleanup$", page.url)
