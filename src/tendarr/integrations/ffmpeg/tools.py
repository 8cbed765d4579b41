"""Locate FFmpeg and ffprobe and read what this build can do (version, filters, hwaccels)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from tendarr.ports.previews import EngineUnavailable

MIN_VERSION = (5, 1)
_VERSION = re.compile(r"version\s+n?(\d+)\.(\d+)")
_FILTER_LINE = re.compile(r"^\s*[.A-Z|]{3}\s+(\w+)\s+\S+->\S+", re.MULTILINE)


@dataclass(frozen=True)
class FfmpegTools:
    """The two executables, by name on PATH or by absolute path."""

    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"


@dataclass(frozen=True)
class FfmpegCapabilities:
    """What the FFmpeg build offers that the engine routes on."""

    version: tuple[int, int]
    filters: frozenset[str]
    hwaccels: frozenset[str]

    @property
    def zscale(self) -> bool:
        """Return whether the zimg-based tone-mapping chain (zscale + tonemap) is available."""
        return {"zscale", "tonemap"} <= self.filters

    @property
    def libplacebo(self) -> bool:
        """Return whether the libplacebo filter (Dolby Vision profile 5) is built in."""
        return "libplacebo" in self.filters

    @property
    def script_option(self) -> str:
        """Return the option that reads a filter graph from a file on this version."""
        return "-/filter_complex" if self.version >= (7, 0) else "-filter_complex_script"


def _run(argv: list[str], timeout: float = 30.0) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv
            argv, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as err:
        raise EngineUnavailable(f"{argv[0]} is not installed or not on PATH") from err
    except subprocess.TimeoutExpired as err:
        raise EngineUnavailable(f"{argv[0]} did not answer within {timeout:g} s") from err
    if done.returncode != 0:
        raise EngineUnavailable(f"{' '.join(argv)} failed: {done.stderr.strip()[-300:]}")
    return done.stdout


def parse_version(text: str) -> tuple[int, int] | None:
    """Return ``(major, minor)`` from ``ffmpeg -version`` output, or None (git builds)."""
    match = _VERSION.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_filters(text: str) -> frozenset[str]:
    """Return filter names from ``ffmpeg -filters`` output."""
    return frozenset(_FILTER_LINE.findall(text))


def parse_hwaccels(text: str) -> frozenset[str]:
    """Return hwaccel names from ``ffmpeg -hwaccels`` output."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Hardware acceleration" in line), -1)
    return frozenset(line.strip() for line in lines[start + 1 :] if line.strip())


def read_capabilities(tools: FfmpegTools) -> FfmpegCapabilities:
    """Run the executables once and return their capabilities; raise EngineUnavailable."""
    _run([tools.ffprobe, "-hide_banner", "-version"])
    version_text = _run([tools.ffmpeg, "-hide_banner", "-version"])
    version = parse_version(version_text)
    if version is not None and version < MIN_VERSION:
        raise EngineUnavailable(
            f"FFmpeg {version[0]}.{version[1]} is too old; previews need "
            f"{MIN_VERSION[0]}.{MIN_VERSION[1]} or newer"
        )
    return FfmpegCapabilities(
        version=version or (99, 0),  # an unnumbered git build is assumed current
        filters=parse_filters(_run([tools.ffmpeg, "-hide_banner", "-filters"])),
        hwaccels=parse_hwaccels(_run([tools.ffmpeg, "-hide_banner", "-hwaccels"])),
    )
