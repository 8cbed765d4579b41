"""Hatch build hook: install the pinned front-end packages from npm and vendor them.

Front-end code is never committed; it comes from npm with a lockfile at build time and
lands in ``src/tendarr/web/static/vendor`` (git-ignored), which the wheel ships.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ASSETS = {
    "htmx.min.js": Path("node_modules/htmx.org/dist/htmx.min.js"),
    "alpine.min.js": Path("node_modules/alpinejs/dist/cdn.min.js"),
    "swagger-ui-bundle.js": Path("node_modules/swagger-ui-dist/swagger-ui-bundle.js"),
    "swagger-ui.css": Path("node_modules/swagger-ui-dist/swagger-ui.css"),
}


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Run ``npm ci`` and copy the browser bundles next to Tendarr's own static files."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        vendor = root / "src/tendarr/web/static/vendor"
        if all((vendor / name).is_file() for name in ASSETS) and not _lock_newer(root, vendor):
            return
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is required to build Tendarr's web assets (apt install npm)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=root, check=True
        )
        vendor.mkdir(parents=True, exist_ok=True)
        for name, source in ASSETS.items():
            shutil.copyfile(root / source, vendor / name)


def _lock_newer(root: Path, vendor: Path) -> bool:
    lock = root / "package-lock.json"
    stamps = [p.stat().st_mtime for p in vendor.iterdir()] if vendor.is_dir() else []
    return not stamps or lock.stat().st_mtime > min(stamps)
