"""Server and account commands: ``get_user``, ``get_server_info``, ``get_tautulli_info``."""

from __future__ import annotations

from typing import Any

from tendarr.sim.tautulli.history import epoch
from tendarr.sim.tautulli.state import TautulliState

VERSION = "v2.17.2"


def get_user(state: TautulliState, user_id: str, include_last_seen: bool) -> dict[str, Any]:
    """Return ``get_user`` for a Plex account id (``{}`` for an unknown one)."""
    user = state.user_by_plex_id(int(user_id)) if user_id.isdigit() else None
    if user is None or user not in state.users():
        return {}
    body: dict[str, Any] = {
        "allow_guest": 0,
        "deleted_user": 0,
        "do_notify": 1,
        "email": user.email,
        "friendly_name": user.display_name,
        "is_active": 1,
        "is_admin": int(user.kind == "owner"),
        "is_allow_sync": 1,
        "is_home_user": int(user.kind in {"owner", "home", "managed"}),
        "is_restricted": int(user.kind == "managed"),
        "keep_history": 1,
        "row_id": state.users().index(user) + 1,
        "shared_libraries": [lib.key for lib in state.server.libraries],
        "user_id": user.plex_account_id,
        "user_thumb": f"https://plex.tv/users/{user.plex_uuid}/avatar",
        "username": user.username,
    }
    if include_last_seen:
        seen = [
            p.stopped_at
            for p in state.world.plays
            if p.user_id == user.id and p.server_id == state.server.id
        ]
        body["last_seen"] = epoch(max(seen)) if seen else None
    return body


def get_server_info(state: TautulliState) -> dict[str, Any]:
    """Return ``get_server_info`` for the Plex server Tautulli watches."""
    server = state.server
    return {
        "pms_identifier": server.machine_id,
        "pms_ip": "10.0.0.2",
        "pms_is_remote": 0,
        "pms_name": server.name,
        "pms_platform": "Linux",
        "pms_plexpass": 1,
        "pms_port": 32400,
        "pms_ssl": 0,
        "pms_url": "http://10.0.0.2:32400",
        "pms_url_manual": 0,
        "pms_version": server.version,
    }


def get_tautulli_info() -> dict[str, Any]:
    """Return ``get_tautulli_info`` for the simulated install."""
    return {
        "tautulli_install_type": "docker",
        "tautulli_version": VERSION,
        "tautulli_branch": "master",
        "tautulli_commit": "c7153deb",
        "tautulli_platform": "Linux",
        "tautulli_platform_release": "6.8.0",
        "tautulli_platform_version": "#1 SMP",
        "tautulli_platform_linux_distro": "",
        "tautulli_platform_device_name": "tautulli",
        "tautulli_python_version": "3.11.11",
    }
