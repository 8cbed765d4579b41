"""The preview viewer's read endpoints: BIF and trickplay descriptions, frames, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import build_web_app
from tendarr.domain.previews.bif import encode_bif
from tests.support import ADMIN, install_env, make_runtime

VIEWER = "/api/previews/viewer"


def fake_jpeg(width: int, height: int, tag: int) -> bytes:
    """A JPEG header with a frame size (enough for the size parser) and a marker byte."""
    app0 = b"\xff\xe0\x00\x10" + bytes(14)
    sof = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return b"\xff\xd8" + app0 + sof + bytes(10) + bytes([tag]) + b"\xff\xd9"


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[TestClient]:
    runtime = make_runtime(install_env(tmp_path / "data", f"sqlite:///{tmp_path / 't.db'}"))
    app = build_web_app(runtime, run_workers=False, run_scheduler=False, run_realtime=False)
    with TestClient(app) as client:
        response = client.post("/api/setup/admin", json=ADMIN)
        assert response.status_code == 201, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client
    runtime.close()


@pytest.fixture
def bif(tmp_path: Path) -> Path:
    path = tmp_path / "media" / "Movie (2020)-320-10.bif"
    path.parent.mkdir(parents=True)
    path.write_bytes(encode_bif([fake_jpeg(320, 180, n) for n in range(4)], 10_000))
    return path


@pytest.fixture
def trickplay(tmp_path: Path) -> Path:
    root = tmp_path / "media" / "Movie (2020).trickplay"
    for width in (160, 320):
        folder = root / f"{width} - 10x10"
        folder.mkdir(parents=True)
        for sheet in range(2):
            (folder / f"{sheet}.jpg").write_bytes(fake_jpeg(width * 10, width * 10 // 16 * 9, 9))
    return root


def test_describes_a_bif_and_serves_each_frame(admin: TestClient, bif: Path) -> None:
    info = admin.get(VIEWER, params={"path": str(bif)})
    assert info.status_code == 200, info.text
    body = info.json()
    assert body["kind"] == "bif"
    assert (body["count"], body["interval_ms"], body["width"], body["height"]) == (
        4,
        10000,
        320,
        180,
    )
    assert body["times_ms"] == [0, 10000, 20000, 30000]
    for index in range(4):
        frame = admin.get(f"{VIEWER}/frame", params={"path": str(bif), "index": index})
        assert frame.status_code == 200
        assert frame.headers["content-type"] == "image/jpeg"
        assert frame.content == fake_jpeg(320, 180, index)
    past = admin.get(f"{VIEWER}/frame", params={"path": str(bif), "index": 4})
    assert past.status_code == 400
    assert "outside" in past.json()["error"]


def test_describes_a_trickplay_folder_and_serves_sheets(admin: TestClient, trickplay: Path) -> None:
    body = admin.get(VIEWER, params={"path": str(trickplay)}).json()
    assert body["kind"] == "trickplay"
    assert body["path"] == str(trickplay / "320 - 10x10")
    assert body["widths"] == [160, 320]
    assert (body["columns"], body["rows"], body["sheets"]) == (10, 10, 2)
    assert (body["width"], body["height"], body["count"]) == (320, 180, 200)
    assert body["interval_ms"] == 10000
    small = admin.get(VIEWER, params={"path": str(trickplay), "width": 160, "interval_ms": 5000})
    assert small.json()["path"] == str(trickplay / "160 - 10x10")
    assert small.json()["interval_ms"] == 5000
    sheet = admin.get(f"{VIEWER}/frame", params={"path": body["path"], "index": 150})
    assert sheet.status_code == 200
    assert sheet.content == (trickplay / "320 - 10x10" / "1.jpg").read_bytes()
    past = admin.get(f"{VIEWER}/frame", params={"path": body["path"], "index": 200})
    assert past.status_code == 400


def test_refuses_anything_else(admin: TestClient, tmp_path: Path, bif: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for you")
    link = tmp_path / "sneaky.bif"
    link.symlink_to(secret)
    notbif = tmp_path / "fake.bif"
    notbif.write_bytes(b"hello world, this is not a BIF at all" * 4)
    folder = tmp_path / "plain"
    folder.mkdir()
    looks_like = tmp_path / "x.trickplay" / "320 - 10x10"
    looks_like.mkdir(parents=True)
    (looks_like / "0.jpg").symlink_to(secret)
    for path in (secret, link, notbif, folder, looks_like, tmp_path / "missing.bif", "rel.bif"):
        for url in (VIEWER, f"{VIEWER}/frame"):
            response = admin.get(url, params={"path": str(path)})
            assert response.status_code == 400, (path, url, response.text)
            assert "not for you" not in response.text


def test_anonymous_callers_are_refused(admin: TestClient, bif: Path) -> None:
    anonymous = TestClient(admin.app)
    for url in (VIEWER, f"{VIEWER}/frame"):
        assert anonymous.get(url, params={"path": str(bif)}).status_code == 401
