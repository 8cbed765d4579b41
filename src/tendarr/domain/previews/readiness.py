"""Whether a Jellyfin library will show trickplay tiles Tendarr writes beside the media.

Jellyfin keeps no manifest on disk: a database row per item and width says how many
thumbnails exist. Tiles written by someone else are registered either by the Media Preview
Bridge plugin (at once, with the right count) or by Jellyfin's own import during a library
scan or the nightly trickplay task, which needs the library flags below and stores the
sheet count as the thumbnail count (Jellyfin bug #12887). See field notes §5.4.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

BRIDGE_NAME = "Media Preview Bridge"
BRIDGE_ID = "c2cb9bf97c5d4f1a9a072d6f5e5b0001"  # the plugin's Guid, without dashes

EXTRACTION = "EnableTrickplayImageExtraction"
SAVE_WITH_MEDIA = "SaveTrickplayWithMedia"
EXTRACT_DURING_SCAN = "ExtractTrickplayImagesDuringLibraryScan"

EXTRACTION_WARNING = (
    f"Never turn {EXTRACTION} off to stop Jellyfin generating: Jellyfin then deletes the "
    "trickplay folders on its next library refresh."
)


class Severity(enum.StrEnum):
    """How much a flag matters: required ones block placement, recommended ones warn."""

    REQUIRED = "required"
    RECOMMENDED = "recommended"


@dataclass(frozen=True)
class FlagCheck:
    """One library option: what it is, what Tendarr needs, and why."""

    flag: str
    current: bool | None  # None: the server did not report it
    recommended: bool
    severity: Severity
    rationale: str

    @property
    def ok(self) -> bool:
        """Return whether the flag already has the recommended value."""
        return self.current is self.recommended

    def instruction(self) -> str:
        """Return ``Flag=true`` style advice."""
        return f"{self.flag}={'true' if self.recommended else 'false'}"


@dataclass(frozen=True)
class BridgePlugin:
    """The Media Preview Bridge plugin as ``/Plugins`` lists it."""

    installed: bool
    status: str | None = None  # Jellyfin PluginStatus: Active, Restart, Disabled, ...
    version: str | None = None

    @property
    def usable(self) -> bool:
        """Return whether the plugin is installed and running."""
        return self.installed and self.status in (None, "Active")


@dataclass(frozen=True)
class TrickplayReadiness:
    """One Jellyfin library's trickplay flags and the bridge plugin, with advice."""

    library_id: str
    library_name: str
    checks: tuple[FlagCheck, ...]
    bridge: BridgePlugin

    @property
    def ready(self) -> bool:
        """Return whether tiles beside the media will be kept and found."""
        return all(c.ok for c in self.checks if c.severity is Severity.REQUIRED)

    @property
    def registers_immediately(self) -> bool:
        """Return whether Tendarr can register tiles right after writing them."""
        return self.ready and self.bridge.usable

    def missing(self, severity: Severity = Severity.REQUIRED) -> tuple[FlagCheck, ...]:
        """Return the checks of ``severity`` that do not have the recommended value."""
        return tuple(c for c in self.checks if c.severity is severity and not c.ok)

    def warnings(self) -> tuple[str, ...]:
        """Return what the admin should know even when the library is ready."""
        return (*self._notes(), EXTRACTION_WARNING)

    def advice(self) -> str:
        """Return one message for the admin: what to set, or how tiles will be registered."""
        where = f"library {self.library_name or self.library_id!r}"
        if not self.ready:
            flags = ", ".join(c.instruction() for c in self.missing())
            why = "; ".join(f"{c.flag}: {c.rationale}" for c in self.missing())
            return f"Set {flags} on Jellyfin {where} ({why}). {EXTRACTION_WARNING}"
        if self.bridge.usable:
            head = f"Ready: tiles for {where} are registered through the {BRIDGE_NAME} plugin"
        else:
            head = f"Ready: {where}"
        return "; ".join((head, *self._notes())) + f". {EXTRACTION_WARNING}"

    def _notes(self) -> list[str]:
        notes = [
            f"recommended: set {c.instruction()} ({c.rationale})"
            for c in self.missing(Severity.RECOMMENDED)
        ]
        if self.bridge.usable:
            return notes
        if self.bridge.installed:
            notes.append(
                f"the {BRIDGE_NAME} plugin is installed but not running (status "
                f"{self.bridge.status}; restart Jellyfin or re-enable it)"
            )
        notes.append(
            f"without the {BRIDGE_NAME} plugin Jellyfin imports the tiles at its next "
            "library scan or nightly trickplay task, and that import stores the sheet "
            "count as the thumbnail count (Jellyfin bug #12887); install the plugin to "
            "register tiles at once"
        )
        return notes


def _flag(options: Mapping[str, object], name: str) -> bool | None:
    value = options.get(name)
    return value if isinstance(value, bool) else None


def jellyfin_readiness(
    library_id: str,
    library_name: str,
    options: Mapping[str, object],
    bridge: BridgePlugin,
) -> TrickplayReadiness:
    """Return the readiness of a library from its ``LibraryOptions`` and the plugin."""
    checks = (
        FlagCheck(
            EXTRACTION,
            _flag(options, EXTRACTION),
            True,
            Severity.REQUIRED,
            "when it is off Jellyfin deletes trickplay folders on refresh",
        ),
        FlagCheck(
            SAVE_WITH_MEDIA,
            _flag(options, SAVE_WITH_MEDIA),
            True,
            Severity.REQUIRED,
            "Tendarr writes <name>.trickplay beside the media; when it is off Jellyfin "
            "only looks in its data folder",
        ),
        FlagCheck(
            EXTRACT_DURING_SCAN,
            _flag(options, EXTRACT_DURING_SCAN),
            False,
            Severity.RECOMMENDED,
            "stops Jellyfin extracting its own tiles during scans, duplicate CPU work",
        ),
    )
    return TrickplayReadiness(library_id, library_name, checks, bridge)


def bridge_from_plugins(plugins: list[Mapping[str, object]]) -> BridgePlugin:
    """Return the bridge plugin's state from a ``/Plugins`` answer (matched by id or name)."""
    for plugin in plugins:
        raw_id = plugin.get("Id")
        plugin_id = raw_id.replace("-", "").lower() if isinstance(raw_id, str) else ""
        name = plugin.get("Name")
        named = isinstance(name, str) and name.casefold() == BRIDGE_NAME.casefold()
        if plugin_id == BRIDGE_ID or named:
            status, version = plugin.get("Status"), plugin.get("Version")
            return BridgePlugin(
                True,
                status if isinstance(status, str) else None,
                version if isinstance(version, str) else None,
            )
    return BridgePlugin(False)
