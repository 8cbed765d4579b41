"""Application settings over the API: partial updates, validation, rolling backups."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tendarr.domain.settings_history import MAX_SETTINGS_BACKUPS


def test_settings_read_defaults(admin: TestClient) -> None:
    body = admin.get("/api/settings").json()
    assert body["general"]["instance_name"] == "Tendarr"
    assert body["jobs"]["max_attempts"] == 3
    assert body["security"]["metrics_public"] is False


def test_partial_update_changes_only_what_was_sent(admin: TestClient) -> None:
    response = admin.put("/api/settings", json={"general": {"instance_name": "Casa"}})
    assert response.status_code == 200
    assert response.json()["changed"] == ["general.instance_name"]
    body = admin.get("/api/settings").json()
    assert body["general"]["instance_name"] == "Casa"
    assert body["jobs"]["max_attempts"] == 3


def test_invalid_update_is_rejected_and_writes_nothing(admin: TestClient) -> None:
    response = admin.put(
        "/api/settings", json={"general": {"instance_name": "Half"}, "jobs": {"max_attempts": 0}}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert response.json()["error"].startswith("jobs.max_attempts:")
    assert admin.get("/api/settings").json()["general"]["instance_name"] == "Tendarr"
    assert admin.get("/api/settings/backups").json()["backups"] == []


def test_unknown_setting_is_rejected(admin: TestClient) -> None:
    response = admin.put("/api/settings", json={"general": {"instanse_name": "typo"}})
    assert response.status_code == 400
    assert "instanse_name" in response.json()["error"]


def test_every_change_keeps_a_backup_and_restore_brings_it_back(admin: TestClient) -> None:
    admin.put("/api/settings", json={"general": {"instance_name": "One"}})
    admin.put("/api/settings", json={"general": {"instance_name": "Two"}})
    backups = admin.get("/api/settings/backups").json()["backups"]
    assert len(backups) == 2
    newest = backups[0]
    assert newest["created_by"] == "admin"
    assert "general.instance_name" in newest["reason"]
    restored = admin.post("/api/settings/backups/restore", json={"id": newest["id"]})
    assert restored.status_code == 200
    assert restored.json()["settings"]["general"]["instance_name"] == "One"
    # The restore itself is undoable: what it replaced became a backup too.
    assert len(admin.get("/api/settings/backups").json()["backups"]) == 3


def test_backups_roll_over(admin: TestClient) -> None:
    for n in range(MAX_SETTINGS_BACKUPS + 3):
        admin.put("/api/settings", json={"general": {"instance_name": f"n{n}"}})
    assert len(admin.get("/api/settings/backups").json()["backups"]) == MAX_SETTINGS_BACKUPS


def test_restoring_a_missing_backup_is_404(admin: TestClient) -> None:
    response = admin.post("/api/settings/backups/restore", json={"id": 999})
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
