"""Browser UI assets: Jinja2 templates and static files (vendor bundles come from npm)."""

from pathlib import Path

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
