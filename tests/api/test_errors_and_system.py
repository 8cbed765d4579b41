"""The error contract, body limits, system status, version and metrics."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from tendarr import __version__


def test_malformed_json_is_400(admin: TestClient) -> None:
    response = admin.put(
        "/api/settings", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "request body is not valid JSON", "code": "MALFORMED_JSON"}


def test_body_over_one_mebibyte_is_413(admin: TestClient) -> None:
    huge = b'{"general": {"instance_name": "' + b"x" * (1024 * 1024) + b'"}}'
    response = admin.put(
        "/api/settings", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_streamed_body_over_the_limit_is_413(admin: TestClient) -> None:
    def chunks() -> object:
        for _ in range(20):
            yield b"x" * 65536

    response = admin.put(
        "/api/settings",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_unknown_api_route_is_404_in_error_format(admin: TestClient) -> None:
    response = admin.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": "Not Found", "code": "NOT_FOUND"}


def test_wrong_method_is_405_in_error_format(admin: TestClient) -> None:
    response = admin.delete("/api/settings")
    assert response.status_code == 405
    assert response.json()["code"] == "METHOD_NOT_ALLOWED"


def test_unexpected_error_is_500_without_traceback(admin: TestClient) -> None:
    app: FastAPI = admin.app  # type: ignore[assignment]
    router = APIRouter()

    @router.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as raw:
        response = raw.get("/api/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal error (request id req-123)",
        "code": "SERVER_ERROR",
    }
    assert "secret internals" not in response.text
    assert response.headers["X-Request-ID"] == "req-123"


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    assert len(client.get("/api/health").headers["X-Request-ID"]) == 16


def test_system_status_and_version(admin: TestClient) -> None:
    status = admin.get("/api/system/status").json()
    assert status["version"] == __version__
    assert status["database"] in {"sqlite", "postgresql"}
    assert status["queue"] == "sqlite"
    assert len(status["workers"]) == 1
    assert set(status["jobs"]) == {"queued", "running", "succeeded", "failed", "cancelled"}
    assert admin.get("/api/system/version").json()["version"] == __version__


def test_metrics_need_credentials_unless_made_public(admin: TestClient) -> None:
    metrics = admin.get("/metrics")
    assert metrics.status_code == 200
    assert "tendarr_jobs" in metrics.text
    assert "tendarr_http_requests_total" in metrics.text
    cookies = dict(admin.cookies)
    admin.cookies.clear()
    assert admin.get("/metrics").status_code == 401
    admin.cookies.update(cookies)
    admin.put("/api/settings", json={"security": {"metrics_public": True}})
    admin.cookies.clear()
    assert admin.get("/metrics").status_code == 200


def test_api_docs_are_served_to_signed_in_users(admin: TestClient) -> None:
    docs = admin.get("/api/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert admin.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    assert admin.get("/api/openapi.json").json()["info"]["title"] == "Tendarr"
