"""External (reverse-proxy) auth and a fixed API key from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from tendarr.bootstrap import build_web_app
from tests.support import ADMIN, install_env, make_runtime

FIXED_KEY = "fixed-key-from-environment"


def _client(tmp_path: Path, database_url: str, **extra: str) -> Iterator[TestClient]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url, **extra))
    with TestClient(build_web_app(runtime, run_workers=False)) as client:
        yield client
    runtime.close()


def test_external_auth_chosen_in_wizard_trusts_every_request(
    tmp_path: Path, database_url: str
) -> None:
    for client in _client(tmp_path, database_url):
        assert client.get("/api/settings").status_code == 401  # not before setup
        assert client.post("/api/setup/external").json()["auth_method"] == "external"
        me = client.get("/api/auth/me").json()["user"]
        assert me["role"] == "admin"
        assert me["auth_source"] == "external"
        assert (
            client.put("/api/settings", json={"general": {"instance_name": "P"}}).status_code == 200
        )


def test_env_external_auth_overrides_the_stored_choice(tmp_path: Path, database_url: str) -> None:
    for client in _client(tmp_path, database_url, TENDARR_AUTH_METHOD="external"):
        assert client.get("/api/setup/status").json()["auth_method"] == "external"
        client.post("/api/setup/admin", json=ADMIN)
        client.cookies.clear()
        assert client.get("/api/system/status").status_code == 200


def test_fixed_api_key_from_environment(tmp_path: Path, database_url: str) -> None:
    for client in _client(tmp_path, database_url, TENDARR_API_KEY=FIXED_KEY):
        client.headers["X-CSRF-Token"] = client.post("/api/setup/admin", json=ADMIN).json()[
            "csrf_token"
        ]
        shown = client.get("/api/auth/api-key").json()
        assert shown == {"key": FIXED_KEY, "source": "environment", "created_at": None}
        refused = client.post("/api/auth/api-key/regenerate")
        assert refused.status_code == 409
        client.cookies.clear()
        assert client.get("/api/jobs", headers={"X-Api-Key": FIXED_KEY}).status_code == 200
        assert client.get("/api/jobs", headers={"X-Api-Key": "x" * 26}).status_code == 401


def test_https_marks_the_session_cookie_secure(tmp_path: Path, database_url: str) -> None:
    for client in _client(tmp_path, database_url, TENDARR_HTTPS="true"):
        response = client.post("/api/setup/admin", json=ADMIN)
        assert "secure" in response.headers["set-cookie"].lower()


def test_cors_allows_only_configured_origins(tmp_path: Path, database_url: str) -> None:
    origin = "https://dash.example.org"
    for client in _client(tmp_path, database_url, TENDARR_CORS_ORIGINS=origin):
        preflight = {"Origin": origin, "Access-Control-Request-Method": "GET"}
        allowed = client.options("/api/health", headers=preflight)
        assert allowed.headers["access-control-allow-origin"] == origin
        other = client.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
