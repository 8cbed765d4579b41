"""Per-user retention in the browser: create a rule with the form, see the server's validation
errors next to their field, list it, preview its verdicts, edit it, delete it.

One ``tendarr serve`` for the module with a simulated Jellyfin synced (library, accounts,
history) and a simulated Jellyseerr connected, so request facts are known.

Hooks (``_cleanup_retention.html``): ``cleanup-tab-retention``, ``retention``,
``retention-new``, ``retention-refresh``, ``retention-error``, ``retention-list``,
``retention-empty``, ``retention-rule-{id}`` with ``retention-rule-{name|requesters|targets|
keeps|others|mode|enabled|sync|verdicts|edit|delete}-{id}``; the form ``retention-form``,
``retention-form-title``, ``retention-form-error``, ``retention-{name|days|basis|mode|grace}``
and their ``-error``, ``retention-target-{movie|show}``, ``retention-targets-error``,
``retention-{require-watched|respect-others|enabled}``, ``retention-requester-{kind|value|
remove|error}-{index}``, ``retention-requester-add``, ``retention-requesters-error``,
``retention-save``, ``retention-cancel``; the verdicts ``retention-verdicts``,
``retention-verdicts-title``, ``retention-count-{due|unknown|keep}``,
``retention-verdict-list``, ``retention-verdict-{id}``, ``retention-verdict-{title|state|
due}-{id}``, ``retention-verdict-reason``, ``retention-verdicts-empty``,
``retention-verdicts-close``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tendarr.domain.retention.evaluate import NOT_APPLICABLE
from tendarr.sim.generate import WorldConfig, generate_world
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import (
    Household,
    add_app,
    as_admin,
    finished,
    simulated_household,
    sync_jellyfin,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NAME = "Ben keeps what he asked for"


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    """Jellyfin synced and Jellyseerr connected: library, people, history and requests."""
    world = generate_world(WorldConfig(seed=5, movies=12, shows=3, users=3, servers=("jellyfin",)))
    with simulated_household(world, tmp_path_factory.mktemp("retention")) as household:
        sync_jellyfin(household)
        finished(household.admin, "household.sync", 1)
        add_app(household, "/api/request-apps", "jellyseerr")
        yield household


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"retention-{name}.png", full_page=True)


def open_tab(page: Page, household: Household) -> None:
    as_admin(page, household)
    page.goto(household.base_url + "/cleanup")
    page.get_by_test_id("cleanup-tab-retention").click()
    expect(page.get_by_test_id("retention")).to_be_visible()


def verdicts(household: Household, rule_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = household.get(
        f"/api/cleanup/retention/{rule_id}/verdicts", limit=200
    )
    return found


def test_admin_creates_previews_edits_and_deletes_a_retention_rule(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    ben = household.member("ben")
    open_tab(page, household)
    expect(page.get_by_test_id("retention-empty")).to_be_visible()

    # A new rule: one requester by email (any case), a dry run on movies and shows.
    page.get_by_test_id("retention-new").click()
    expect(page.get_by_test_id("retention-form-title")).to_have_text("New retention rule")
    expect(page.get_by_test_id("retention-mode")).to_have_value("dry_run")
    expect(page.get_by_test_id("retention-target-movie")).to_be_checked()
    expect(page.get_by_test_id("retention-target-show")).to_be_checked()
    page.get_by_test_id("retention-name").fill(NAME)
    page.get_by_test_id("retention-requester-kind-0").select_option("email")
    page.get_by_test_id("retention-requester-value-0").fill("ben")

    # The server's validation errors, next to the field they name; nothing is saved.
    page.get_by_test_id("retention-save").click()
    requester_error = page.get_by_test_id("retention-requester-error-0")
    expect(requester_error).to_have_text("must be an email address")
    expect(page.get_by_test_id("retention-form-error")).to_be_hidden()
    page.get_by_test_id("retention-requester-value-0").fill("Ben@Household.TEST")
    page.get_by_test_id("retention-days").fill("5000")
    page.get_by_test_id("retention-save").click()
    days_error = page.get_by_test_id("retention-days-error")
    expect(days_error).to_have_text("a whole number of days from 0 to 3650")
    expect(requester_error).to_be_hidden()
    shot(page, artifacts, "01-invalid")
    assert household.get("/api/cleanup/retention") == []

    # A second requester picked from the household; counted from availability.
    page.get_by_test_id("retention-requester-add").click()
    page.get_by_test_id("retention-requester-kind-1").select_option("user_id")
    page.get_by_test_id("retention-requester-value-1").select_option(str(ben["user_id"]))
    page.get_by_test_id("retention-days").fill("0")
    page.get_by_test_id("retention-basis").select_option("available")
    page.get_by_test_id("retention-require-watched").uncheck()
    page.get_by_test_id("retention-save").click()
    expect(page.get_by_test_id("retention-form")).to_be_hidden()

    # Listed with what it keeps; saved as the form said, with one cleanup rule per target.
    (saved,) = household.get("/api/cleanup/retention")
    rule_id = saved["id"]
    assert saved["form"]["requesters"] == [
        {"email": "Ben@Household.TEST"},
        {"user_id": ben["user_id"]},
    ]
    assert saved["form"]["days"] == 0
    assert saved["form"]["basis"] == "available"
    assert saved["form"]["require_watched"] is False
    assert set(saved["cleanup_rule_ids"]) == {"movie", "show"}
    expect(page.get_by_test_id(f"retention-rule-name-{rule_id}")).to_have_text(NAME)
    expect(page.get_by_test_id(f"retention-rule-requesters-{rule_id}")).to_have_text(
        f"Ben@Household.TEST, ben (#{ben['user_id']})"
    )
    expect(page.get_by_test_id(f"retention-rule-targets-{rule_id}")).to_have_text(
        "Movies and shows"
    )
    expect(page.get_by_test_id(f"retention-rule-keeps-{rule_id}")).to_have_text(
        "0 days after it became available"
    )
    expect(page.get_by_test_id(f"retention-rule-others-{rule_id}")).to_have_text("Respected")
    expect(page.get_by_test_id(f"retention-rule-mode-{rule_id}")).to_have_text("Dry run")
    expect(page.get_by_test_id(f"retention-rule-enabled-{rule_id}")).to_have_text("Yes")
    expect(page.get_by_test_id(f"retention-rule-sync-{rule_id}")).to_be_hidden()
    shot(page, artifacts, "02-listed")

    # The generated rules show in the Rules tab without a reload.
    page.get_by_test_id("cleanup-tab-rules").click()
    for cleanup_id in saved["cleanup_rule_ids"].values():
        expect(page.get_by_test_id(f"cleanup-rule-name-{cleanup_id}")).to_contain_text(NAME)
    page.get_by_test_id("cleanup-tab-retention").click()

    # Its verdicts: the API's, each with its state, reasons and due date.
    expected = verdicts(household, rule_id)
    states = [v["verdict"] for v in expected]
    assert "due" in states, expected  # request facts are known: Ben's titles are due
    # Titles nobody the rule names requested: kept, no date, and the reason says so.
    others = [v for v in expected if v["reasons"][:1] == [NOT_APPLICABLE]]
    assert others, expected
    assert all((v["verdict"], v["due_at"]) == ("keep", None) for v in others), others
    assert all(v["due_at"] for v in expected if v["verdict"] == "due"), expected
    page.get_by_test_id(f"retention-rule-verdicts-{rule_id}").click()
    expect(page.get_by_test_id("retention-verdicts-title")).to_have_text(f"Verdicts: {NAME}")
    for state in ("due", "unknown", "keep"):
        expect(page.get_by_test_id(f"retention-count-{state}")).to_have_text(
            f"{states.count(state)} {state}"
        )
    rows = page.get_by_test_id("retention-verdict-list").locator(
        "[data-testid^='retention-verdict-title-']"
    )
    expect(rows).to_have_count(len(expected))
    for item in expected:
        expect(page.get_by_test_id(f"retention-verdict-title-{item['id']}")).to_have_text(
            item["title"]
        )
        expect(page.get_by_test_id(f"retention-verdict-state-{item['id']}")).to_have_text(
            item["verdict"]
        )
        due = page.get_by_test_id(f"retention-verdict-due-{item['id']}")
        when = item["due_at"] and page.evaluate("at => Tendarr.formatDate(at)", item["due_at"])
        expect(due).to_have_text(when or "—")
        if item in others:
            expect(due).to_have_text("—")
        reasons = page.get_by_test_id(f"retention-verdict-{item['id']}").get_by_test_id(
            "retention-verdict-reason"
        )
        expect(reasons).to_have_count(len(item["reasons"]))
        if item["reasons"]:
            expect(reasons.first).to_have_text(item["reasons"][0])
    shot(page, artifacts, "03-verdicts")
    page.get_by_test_id("retention-verdicts-close").click()
    expect(page.get_by_test_id("retention-verdicts")).to_be_hidden()

    # Edited: the form opens with what was saved; now movies only, a week, under review.
    page.get_by_test_id(f"retention-rule-edit-{rule_id}").click()
    expect(page.get_by_test_id("retention-form-title")).to_have_text("Edit retention rule")
    expect(page.get_by_test_id("retention-name")).to_have_value(NAME)
    expect(page.get_by_test_id("retention-requester-kind-0")).to_have_value("email")
    expect(page.get_by_test_id("retention-requester-value-0")).to_have_value("Ben@Household.TEST")
    expect(page.get_by_test_id("retention-requester-value-1")).to_have_value(str(ben["user_id"]))
    expect(page.get_by_test_id("retention-days")).to_have_value("0")
    expect(page.get_by_test_id("retention-basis")).to_have_value("available")
    expect(page.get_by_test_id("retention-require-watched")).not_to_be_checked()
    page.get_by_test_id("retention-requester-remove-0").click()
    page.get_by_test_id("retention-target-show").uncheck()
    page.get_by_test_id("retention-days").fill("7")
    page.get_by_test_id("retention-mode").select_option("review")
    page.get_by_test_id("retention-save").click()
    expect(page.get_by_test_id("retention-form")).to_be_hidden()
    expect(page.get_by_test_id(f"retention-rule-targets-{rule_id}")).to_have_text("Movies")
    expect(page.get_by_test_id(f"retention-rule-mode-{rule_id}")).to_have_text("Review")
    expect(page.get_by_test_id(f"retention-rule-requesters-{rule_id}")).to_have_text(
        f"ben (#{ben['user_id']})"
    )
    expect(page.get_by_test_id(f"retention-rule-keeps-{rule_id}")).to_have_text(
        "7 days after it became available"
    )
    edited = household.get(f"/api/cleanup/retention/{rule_id}")
    assert set(edited["cleanup_rule_ids"]) == {"movie"}
    assert edited["form"]["mode"] == "review"
    assert edited["form"]["requesters"] == [{"user_id": ben["user_id"]}]

    # A generated rule edited in the rules editor: the listing warns it is out of sync.
    movie_rule = household.get(f"/api/cleanup/rules/{edited['cleanup_rule_ids']['movie']}")
    changed = household.admin.put(
        f"/api/cleanup/rules/{movie_rule['id']}",
        json={**movie_rule["rule"], "grace_days": 30},
    )
    assert changed.status_code == 200, changed.text
    page.get_by_test_id("retention-refresh").click()
    expect(page.get_by_test_id(f"retention-rule-sync-{rule_id}")).to_be_visible()
    shot(page, artifacts, "04-out-of-sync")

    # Deleted after confirming (cancel first keeps it); its cleanup rules go with it.
    page.get_by_test_id(f"retention-rule-delete-{rule_id}").click()
    page.get_by_test_id("confirm-cancel").click()
    expect(page.get_by_test_id(f"retention-rule-{rule_id}")).to_be_visible()
    page.get_by_test_id(f"retention-rule-delete-{rule_id}").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text(NAME)
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("retention-empty")).to_be_visible()
    assert household.get("/api/cleanup/retention") == []
    gone = household.admin.get(f"/api/cleanup/rules/{movie_rule['id']}")
    assert gone.status_code == 404
    assert page_errors.messages == [], page_errors.messages
