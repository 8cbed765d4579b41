"""Walk the OpenAPI document: without credentials, every operation but a few answers 401."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

PUBLIC = {
    ("GET", "/api/health"),
    ("GET", "/api/setup/status"),
    ("GET", "/api/auth/media-servers"),  # the login page's "sign in with …" buttons
}
# The credential exchanges themselves: without a body (or a media server to ask) a 400,
# with wrong credentials a 401.
CREDENTIAL_EXCHANGE = {
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/plex/pin"),
    ("POST", "/api/auth/plex/pin/{pin_id}"),
    ("POST", "/api/auth/media-server/login"),
}


def operations(app: FastAPI) -> list[tuple[str, str]]:
    spec: dict[str, Any] = app.openapi()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_openapi_lists_the_operations_we_expect(admin: TestClient) -> None:
    ops = set(operations(admin.app))  # type: ignore[arg-type]
    assert ops >= PUBLIC
    assert {
        ("GET", "/api/jobs"),
        ("GET", "/api/jobs/{job_id}"),
        ("POST", "/api/jobs/{job_id}/cancel"),
        ("GET", "/api/settings"),
        ("PUT", "/api/settings"),
        ("GET", "/api/settings/backups"),
        ("POST", "/api/settings/backups/restore"),
        ("GET", "/api/events"),
        ("GET", "/api/system/status"),
        ("GET", "/api/system/version"),
    } <= ops


def test_every_operation_refuses_anonymous_callers(admin: TestClient) -> None:
    app: FastAPI = admin.app  # type: ignore[assignment]
    admin.cookies.clear()
    admin.headers.pop("X-CSRF-Token")
    checked = []
    for method, path in operations(app):
        if (method, path) in PUBLIC:
            continue
        response = admin.request(method, concrete(path), json={})
        if (method, path) in CREDENTIAL_EXCHANGE:
            assert response.status_code in {400, 401}, (method, path)
            continue
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json()["code"] == "UNAUTHORIZED"
        checked.append(path)
    assert len(checked) >= 15
    for hidden in ("/api/docs", "/api/openapi.json", "/metrics"):
        assert admin.get(hidden).status_code == 401, hidden


def test_public_operations_answer_anonymous_callers(client: TestClient) -> None:
    for method, path in PUBLIC:
        assert client.request(method, path).status_code == 200


def test_wrong_credentials_are_401_too(admin: TestClient) -> None:
    admin.cookies.clear()
    for headers in ({"X-Api-Key": "td_wrong"}, {"Authorization": "Bearer td_wrong"}):
        assert admin.get("/api/jobs", headers=headers).status_code == 401
    admin.cookies.set("tendarr_session", "forged")
    assert admin.get("/api/jobs").status_code == 401
