"""Endpoints both apps serve the same way: system, profiles, folders, tags, commands, hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.media import (
    CUTOFF,
    RADARR_QUALITIES,
    RANK,
    SONARR_QUALITIES,
    quality,
    quality_name,
)
from tendarr.sim.arr.webhooks import Connection
from tendarr.sim.arr.wire import (
    Json,
    bad_request,
    created,
    empty,
    failure,
    invalid,
    not_found_problem,
    ok,
    utc,
)
from tendarr.sim.model import Tag

ALLOWED = {1: RANK[:4], 2: RANK[4:], 3: RANK}


def system_status(state: ArrSim) -> Json:
    """Return ``GET /system/status``."""
    name = state.app.capitalize()
    return {
        "appName": name,
        "instanceName": name,
        "version": state.version,
        "buildTime": utc(state.started.replace(year=state.started.year - 1)),
        "isDebug": False,
        "isProduction": True,
        "isAdmin": False,
        "isUserInteractive": True,
        "startupPath": f"/app/{state.app}/bin",
        "appData": "/config",
        "osName": "ubuntu",
        "osVersion": "24.04",
        "isNetCore": True,
        "isLinux": True,
        "isOsx": False,
        "isWindows": False,
        "isDocker": True,
        "mode": "console",
        "branch": "main" if state.app == "sonarr" else "master",
        "databaseType": "sqLite",
        "databaseVersion": "3.46.1",
        "authentication": "forms",
        "migrationVersion": 217 if state.app == "sonarr" else 241,
        "urlBase": "",
        "runtimeVersion": "6.0.36",
        "runtimeName": ".NET",
        "startTime": utc(state.started),
        "packageVersion": state.version,
        "packageAuthor": "[hotio](https://hotio.dev)",
        "packageUpdateMechanism": "docker",
    }


def quality_profile(state: ArrSim, profile_id: int, name: str) -> Json:
    """Return a ``QualityProfileResource``."""
    names = list(RANK)
    allowed = ALLOWED.get(profile_id, RANK)
    items = [
        {"quality": quality(state.app, n), "items": [], "allowed": n in allowed} for n in names
    ]
    table: dict[str, Any] = SONARR_QUALITIES if state.app == "sonarr" else RADARR_QUALITIES
    cutoff_name = CUTOFF.get(profile_id, "Bluray-1080p")
    cutoff_key = quality_name(state.app, cutoff_name)
    profile: Json = {
        "name": name,
        "upgradeAllowed": profile_id != 3,
        "cutoff": table[cutoff_key][0],
        "items": items,
        "minFormatScore": 0,
        "cutoffFormatScore": 0,
        "minUpgradeFormatScore": 1,
        "formatItems": [],
        "id": profile_id,
    }
    if state.app == "radarr":
        profile["language"] = {"id": 1, "name": "English"}
    return profile


def routes(state: ArrSim, test_payload: Callable[[], Json]) -> list[Route]:
    """Return the routes both apps share."""
    world = state.world

    def folders() -> list[Any]:
        return list(world.root_folders.get(state.app, []))

    async def status(request: Request) -> Response:
        return ok(system_status(state))

    async def health(request: Request) -> Response:
        return ok([])

    async def diskspace(request: Request) -> Response:
        return ok(
            [
                {
                    "path": f.path,
                    "label": "",
                    "freeSpace": f.free_space,
                    "totalSpace": f.total_space,
                }
                for f in folders()
            ]
        )

    async def profiles(request: Request) -> Response:
        return ok([quality_profile(state, p.id, p.name) for p in world.quality_profiles])

    async def profile(request: Request) -> Response:
        pid = int(request.path_params["id"])
        match = next((p for p in world.quality_profiles if p.id == pid), None)
        if match is None:
            return not_found_problem(request)
        return ok(quality_profile(state, match.id, match.name))

    def folder_resource(folder: Any) -> Json:
        return {
            "path": folder.path,
            "accessible": True,
            "freeSpace": folder.free_space,
            "unmappedFolders": [],
            "id": folder.id,
        }

    async def rootfolders(request: Request) -> Response:
        return ok([folder_resource(f) for f in folders()])

    async def rootfolder(request: Request) -> Response:
        fid = int(request.path_params["id"])
        match = next((f for f in folders() if f.id == fid), None)
        if match is None:
            return not_found_problem(request)
        return ok(folder_resource(match))

    async def tags(request: Request) -> Response:
        return ok([{"id": t.id, "label": t.label} for t in world.tags])

    async def tag(request: Request) -> Response:
        tid = int(request.path_params["id"])
        match = next((t for t in world.tags if t.id == tid), None)
        if match is None:
            return not_found_problem(request)
        return ok({"id": match.id, "label": match.label})

    async def add_tag(request: Request) -> Response:
        body = await request.json()
        label = str(body.get("label") or "").strip().lower()
        if not label:
            return invalid(
                [failure("Label", "'Label' must not be empty.", "", "NotEmptyValidator")]
            )
        existing = next((t for t in world.tags if t.label == label), None)
        if existing is None:
            existing = Tag(max((t.id for t in world.tags), default=0) + 1, label)
            world.tags.append(existing)
        return created(request, {"id": existing.id, "label": existing.label})

    async def commands(request: Request) -> Response:
        return ok([state.commands.resource(r) for r in state.commands.records.values()])

    async def command(request: Request) -> Response:
        record = state.commands.records.get(int(request.path_params["id"]))
        if record is None:
            return not_found_problem(request)
        return ok(state.commands.resource(record))

    async def start_command(request: Request) -> Response:
        body = await request.json()
        name = str(body.get("name") or "")
        spec = state.commands.known(name)
        if spec is None:
            return bad_request(f"Unknown command: {name}")
        args = {k: v for k, v in body.items() if k != "name"}
        record = state.commands.submit(spec, args)
        return created(request, state.commands.resource(record, as_queued=True))

    async def notifications(request: Request) -> Response:
        return ok([state.notifier.resource(c) for c in state.notifier.connections.values()])

    async def notification(request: Request) -> Response:
        conn = state.notifier.connections.get(int(request.path_params["id"]))
        if conn is None:
            return not_found_problem(request)
        return ok(state.notifier.resource(conn))

    async def schema(request: Request) -> Response:
        return ok(state.notifier.schema())

    async def add_notification(request: Request) -> Response:
        conn, problems = state.notifier.parse(await request.json())
        if conn is None:
            return invalid(problems)
        enabled = any(v for k, v in conn.flags.items() if k != "includeHealthWarnings")
        if enabled and request.query_params.get("forceSave", "").lower() != "true":
            error = await _test(state, conn, test_payload())
            if error is not None:
                return invalid([failure("Url", error, conn.url)])
        return created(request, state.notifier.resource(state.notifier.add(conn)))

    async def test_notification(request: Request) -> Response:
        conn, problems = state.notifier.parse(await request.json())
        if conn is None:
            return invalid(problems)
        error = await _test(state, conn, test_payload())
        if error is not None:
            return invalid([failure("Url", error, conn.url)])
        return ok({})

    async def delete_notification(request: Request) -> Response:
        nid = int(request.path_params["id"])
        if state.notifier.connections.pop(nid, None) is None:
            return not_found_problem(request)
        return empty()

    v3 = "/api/v3"
    return [
        Route(f"{v3}/system/status", status),
        Route(f"{v3}/health", health),
        Route(f"{v3}/diskspace", diskspace),
        Route(f"{v3}/qualityprofile", profiles),
        Route(f"{v3}/qualityprofile/{{id:int}}", profile),
        Route(f"{v3}/rootfolder", rootfolders),
        Route(f"{v3}/rootfolder/{{id:int}}", rootfolder),
        Route(f"{v3}/tag", tags),
        Route(f"{v3}/tag", add_tag, methods=["POST"]),
        Route(f"{v3}/tag/{{id:int}}", tag),
        Route(f"{v3}/command", commands),
        Route(f"{v3}/command", start_command, methods=["POST"]),
        Route(f"{v3}/command/{{id:int}}", command),
        Route(f"{v3}/notification", notifications),
        Route(f"{v3}/notification", add_notification, methods=["POST"]),
        Route(f"{v3}/notification/schema", schema),
        Route(f"{v3}/notification/test", test_notification, methods=["POST"]),
        Route(f"{v3}/notification/{{id:int}}", notification),
        Route(f"{v3}/notification/{{id:int}}", delete_notification, methods=["DELETE"]),
    ]


async def _test(state: ArrSim, conn: Connection, payload: Json) -> str | None:
    """Send a Test event off the event loop (the target may share it)."""
    return await anyio.to_thread.run_sync(state.notifier.test, conn, payload)
