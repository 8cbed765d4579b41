"""The Sonarr, Radarr & requests page: served to admins with its script, nav link and styles."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import ADMIN


def test_admins_get_the_page_with_its_assets(admin: TestClient) -> None:
    page = admin.get("/integrations")
    assert page.status_code == 200
    assert 'data-testid="integrations-page"' in page.text
    assert 'x-data="integrationsPage"' in page.text
    assert 'data-testid="nav-integrations"' in page.text
    assert 'aria-current="page" data-testid="nav-integrations"' in page.text
    for asset in ("/static/js/integrations.js", "/static/css/integrations.css"):
        assert asset in page.text
        assert admin.get(asset).status_code == 200, asset
    # Both API families are wired in a served app (the page lists both).
    assert admin.get("/api/arr").json() == []
    assert admin.get("/api/request-apps").json() == []


def test_the_page_needs_a_session_and_setup(client: TestClient) -> None:
    before_setup = client.get("/integrations", follow_redirects=False)
    assert before_setup.status_code == 303
    assert before_setup.headers["location"] == "/setup"
    assert client.post("/api/setup/admin", json=ADMIN).status_code == 201
    client.cookies.clear()
    anonymous = client.get("/integrations", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/integrations"
