"""First-run setup, sign-in, sessions, CSRF, API keys and the login rate limit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import ADMIN


def test_fresh_install_reports_setup_needed(client: TestClient) -> None:
    body = client.get("/api/setup/status").json()
    assert body == {"setup_complete": False, "auth_method": "internal", "has_admin": False}


def test_setup_creates_admin_and_signs_in(client: TestClient) -> None:
    response = client.post(
        "/api/setup/admin", json={"username": " Admin ", "password": "longenough"}
    )
    assert response.status_code == 201
    assert response.json()["user"]["username"] == "admin"
    assert response.json()["user"]["role"] == "admin"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie
    assert client.get("/api/auth/me").json()["user"]["username"] == "admin"
    assert client.get("/api/setup/status").json()["setup_complete"] is True


def test_setup_rejects_short_password_without_writing(client: TestClient) -> None:
    response = client.post("/api/setup/admin", json={"username": "a", "password": "short"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "password must be at least 8 characters",
        "code": "VALIDATION_ERROR",
    }
    assert client.get("/api/setup/status").json()["has_admin"] is False


def test_setup_cannot_be_repeated(admin: TestClient) -> None:
    again = admin.post("/api/setup/admin", json={"username": "evil", "password": "12345678"})
    assert again.status_code == 409
    admin.cookies.clear()
    anonymous = admin.post("/api/setup/admin", json={"username": "evil", "password": "12345678"})
    assert anonymous.status_code == 401


def test_wrong_password_and_unknown_user_look_the_same(admin: TestClient) -> None:
    admin.cookies.clear()
    wrong = admin.post("/api/auth/login", json={"username": "admin", "password": "nope-nope"})
    unknown = admin.post("/api/auth/login", json={"username": "ghost", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {"error": "invalid username or password", "code": "UNAUTHORIZED"}
    )


def test_login_logout_round_trip(admin: TestClient) -> None:
    admin.cookies.clear()
    login = admin.post("/api/auth/login", json=ADMIN)
    assert login.status_code == 200
    admin.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    assert admin.get("/api/auth/me").status_code == 200
    assert admin.post("/api/auth/logout").status_code == 204
    assert admin.get("/api/auth/me").status_code == 401


def test_cookie_writes_need_the_csrf_token(admin: TestClient) -> None:
    token = admin.headers.pop("X-CSRF-Token")
    refused = admin.put("/api/settings", json={"general": {"instance_name": "X"}})
    assert refused.status_code == 403
    assert refused.json()["code"] == "FORBIDDEN"
    forged = admin.put(
        "/api/settings",
        json={"general": {"instance_name": "X"}},
        headers={"X-CSRF-Token": "forged"},
    )
    assert forged.status_code == 403
    ok = admin.put(
        "/api/settings", json={"general": {"instance_name": "X"}}, headers={"X-CSRF-Token": token}
    )
    assert ok.status_code == 200


def test_api_key_works_in_both_headers_and_regeneration_revokes_the_old(
    admin: TestClient,
) -> None:
    assert admin.get("/api/auth/api-key").json()["key"] is None
    first = admin.post("/api/auth/api-key/regenerate").json()["key"]
    assert first.startswith("td_")
    assert admin.get("/api/auth/api-key").json()["key"] == first
    admin.cookies.clear()
    assert admin.get("/api/system/status", headers={"X-Api-Key": first}).status_code == 200
    bearer = {"Authorization": f"Bearer {first}"}
    second = admin.post("/api/auth/api-key/regenerate", headers=bearer).json()["key"]
    assert second != first
    assert admin.get("/api/system/status", headers={"X-Api-Key": first}).status_code == 401
    assert admin.get("/api/system/status", headers={"X-Api-Key": second}).status_code == 200


def test_api_key_writes_need_no_csrf_token(admin: TestClient) -> None:
    key = admin.post("/api/auth/api-key/regenerate").json()["key"]
    admin.cookies.clear()
    admin.headers.pop("X-CSRF-Token")
    response = admin.put(
        "/api/settings", json={"general": {"instance_name": "Y"}}, headers={"X-Api-Key": key}
    )
    assert response.status_code == 200


def test_login_is_limited_to_ten_attempts_per_minute(admin: TestClient) -> None:
    admin.cookies.clear()
    bad = {"username": "admin", "password": "wrong-password"}
    seen = [admin.post("/api/auth/login", json=bad) for _ in range(10)]
    assert [r.status_code for r in seen] == [401] * 10
    assert seen[0].headers["X-RateLimit-Limit"] == "10"
    assert seen[0].headers["X-RateLimit-Remaining"] == "9"
    limited = admin.post("/api/auth/login", json=ADMIN)  # even the right password waits
    assert limited.status_code == 429
    assert limited.json()["code"] == "RATE_LIMITED"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.headers["X-RateLimit-Remaining"] == "0"


def test_session_length_setting_applies_to_the_next_login(admin: TestClient) -> None:
    admin.put("/api/settings", json={"security": {"session_days": 2}})
    admin.cookies.clear()
    login = admin.post("/api/auth/login", json=ADMIN)
    assert "max-age=172800" in login.headers["set-cookie"].lower()


def test_a_key_sealed_under_an_old_secret_is_reported_unreadable_not_absent(
    admin: TestClient,
) -> None:
    from tendarr.api.context import AppContext
    from tendarr.security.secretbox import SecretBox

    admin.post("/api/auth/api-key/regenerate")
    context: AppContext = admin.app.state.context  # type: ignore[attr-defined]
    context.auth._box = SecretBox("a-different-secret-key")  # the secret key was changed
    shown = admin.get("/api/auth/api-key").json()
    assert shown["key"] is None
    assert shown["source"] == "unreadable"
