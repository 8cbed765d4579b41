"""``tendarr previews``: generate BIF/trickplay previews for files, and inspect them."""

from __future__ import annotations

import enum
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.hardware import GpuPreference
from tendarr.domain.previews.outcome import OutcomeStatus, PreviewOutcome
from tendarr.domain.previews.plans import (
    BifTarget,
    PreviewRequest,
    TrickplayTarget,
    sidecar_bif_name,
    trickplay_directory,
)
from tendarr.domain.previews.settings import PreviewSettings, TonemapAlgorithm
from tendarr.observability import configure_logging
from tendarr.ports.previews import EngineUnavailable
from tendarr.previews_inspect import InspectError, inspect_path

previews_app = typer.Typer(
    help="Generate and inspect scrubbing previews (Plex/Emby BIF, Jellyfin trickplay).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True, soft_wrap=True)
EXIT_FAILED_FILES = 1
EXIT_BAD_INPUT = 2
MANIFEST = ".tendarr-previews.json"
VIDEO_SUFFIXES = frozenset(
    {".mkv", ".mp4", ".m4v", ".mov", ".avi", ".wmv", ".ts", ".m2ts", ".mts", ".webm", ".mpg"}
    | {".mpeg", ".vob", ".flv", ".ogv", ".3gp", ".divx"}
)


class OutputFormat(enum.StrEnum):
    """Which previews to write."""

    BIF = "bif"
    TRICKPLAY = "trickplay"
    ALL = "all"


@dataclass(frozen=True)
class _Source:
    path: Path
    out_dir: Path


def _fail(message: str) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def find_videos(paths: list[Path], out: Path) -> list[_Source]:
    """Return the video files named or found under ``paths``, each with its output folder."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        _fail(f"not found: {', '.join(missing)}")
    found: list[_Source] = []
    for path in paths:
        if path.is_file():
            found.append(_Source(path.resolve(), out))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not d.endswith(".trickplay")
            )
            for name in sorted(files):
                if Path(name).suffix.lower() in VIDEO_SUFFIXES and not name.startswith("."):
                    video = Path(folder) / name
                    found.append(_Source(video.resolve(), out / video.parent.relative_to(path)))
    return found


def _request(
    source: _Source, fmt: OutputFormat, width: int, settings: PreviewSettings
) -> PreviewRequest:
    stem = source.path.stem
    bifs: tuple[BifTarget, ...] = ()
    sheets: tuple[TrickplayTarget, ...] = ()
    if fmt in {OutputFormat.BIF, OutputFormat.ALL}:
        name = sidecar_bif_name(stem, width, settings.interval_s)
        bifs = (BifTarget(source.out_dir / name, width),)
    if fmt in {OutputFormat.TRICKPLAY, OutputFormat.ALL}:
        sheets = (TrickplayTarget(trickplay_directory(source.out_dir, stem, width), width),)
    return PreviewRequest(source.path, settings, bifs, sheets)


def _load_manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(key): str(value) for key, value in files.items()}


def _save_manifest(out: Path, fingerprints: dict[str, str]) -> None:
    temporary = out / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps({"version": 1, "files": fingerprints}, indent=1))
    os.replace(temporary, out / MANIFEST)


def _describe(outcome: PreviewOutcome) -> str:
    name = outcome.source.name
    if outcome.status is OutcomeStatus.FAILED:
        return f"[red]failed[/]     {name}: {outcome.reason}"
    if outcome.status is OutcomeStatus.FRESH:
        return f"[dim]fresh[/]      {name}"
    line = f"[green]generated[/]  {name}: {outcome.thumbnails} thumbnails"
    line += f" ({outcome.decoder}, {outcome.seconds:.1f} s)"
    return line + "".join(f"\n           note: {warning}" for warning in outcome.warnings)


@previews_app.command()
def generate(
    paths: Annotated[list[Path], typer.Argument(help="Video files or folders (walked).")],
    out: Annotated[Path, typer.Option("--out", help="Folder the previews are written to.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Which previews.")] = (
        OutputFormat.ALL
    ),
    interval: Annotated[int, typer.Option(min=1, max=60, help="Seconds between thumbnails.")] = 10,
    width: Annotated[int, typer.Option(help="Thumbnail width in pixels (even).")] = 320,
    quality: Annotated[
        int, typer.Option(min=1, max=31, help="JPEG qscale: 2 is best, 4 the default.")
    ] = 4,
    max_drift: Annotated[
        float, typer.Option(min=0, max=60, help="Seconds a thumbnail may be off its slot.")
    ] = 2.0,
    gpu: Annotated[GpuPreference, typer.Option(help="GPU to decode on.")] = GpuPreference.AUTO,
    tonemap: Annotated[TonemapAlgorithm, typer.Option(help="HDR tone operator.")] = (
        TonemapAlgorithm.HABLE
    ),
    stall_timeout: Annotated[
        float, typer.Option(min=1, help="Kill FFmpeg after this many seconds without progress.")
    ] = 120.0,
    force: Annotated[bool, typer.Option(help="Regenerate even when previews are fresh.")] = False,
) -> None:
    """Generate previews for video files; exit 1 if any file failed, 2 on bad input."""
    from tendarr.previews_composition import EngineConfig, build_preview_engine

    configure_logging("WARNING")
    try:
        settings = PreviewSettings(interval, quality, max_drift, tonemap)
        sources = find_videos(paths, out)
        requests = [_request(source, fmt, width, settings) for source in sources]
    except ValidationFailed as err:
        _fail(err.message)
    if not requests:
        _fail("no video files found")
    targets = [path for request in requests for path in request.output_paths()]
    if len(targets) != len(set(targets)):
        _fail("two videos would write the same preview (same name in one folder)")
    try:
        built = build_preview_engine(EngineConfig(gpu=gpu, stall_timeout_s=stall_timeout))
        out.mkdir(parents=True, exist_ok=True)
    except EngineUnavailable as err:
        _fail(err.message)
    except OSError as err:
        _fail(f"cannot create {out}: {err.strerror}")
    manifest = _load_manifest(out)
    failed = 0
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:  # fmt: skip
        overall = progress.add_task(f"{len(requests)} file(s)", total=len(requests))
        for request in requests:
            task = progress.add_task(request.source.name, total=1.0)

            def show(fraction: float, task: TaskID = task) -> None:
                progress.update(task, completed=fraction)

            outcome = built.generator.generate(
                request,
                known_fingerprint=manifest.get(str(request.source)),
                force=force,
                on_progress=show,
            )
            progress.remove_task(task)
            progress.advance(overall)
            progress.console.print(_describe(outcome), highlight=False)
            if outcome.ok and outcome.fingerprint:
                manifest[str(request.source)] = outcome.fingerprint
                _save_manifest(out, manifest)
            failed += outcome.status is OutcomeStatus.FAILED
    console.print(f"{len(requests) - failed} ok, {failed} failed", highlight=False)
    if failed:
        raise typer.Exit(EXIT_FAILED_FILES)


@previews_app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="A .bif file or a trickplay folder.")],
    interval: Annotated[
        int | None, typer.Option(min=1, max=60, help="Trickplay only: the interval used.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a BIF's frame count, interval and timestamps, or a trickplay folder's geometry."""
    try:
        report = inspect_path(path, interval)
    except InspectError as err:
        _fail(str(err))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=1))
    else:
        typer.echo(report.text())
