"""Recognisers for Sonarr, Radarr and the custom ``{file_path}`` / ``{file_paths}`` body."""

from __future__ import annotations

from tendarr.domain.previews.webhook_types import (
    Body,
    RecognisedWebhook,
    Verdict,
    WebhookSource,
    WebhookUnrecognised,
    connection_test,
    mapping,
    noise,
    objects,
    text,
    unique,
)


def looks_like_sonarr(body: Body) -> bool:
    """Return whether the body is a Sonarr webhook."""
    return text(body, "eventType") is not None and any(
        key in body for key in ("series", "episodes", "episodeFile", "episodeFiles")
    )


def looks_like_radarr(body: Body) -> bool:
    """Return whether the body is a Radarr webhook."""
    return text(body, "eventType") is not None and any(
        key in body for key in ("movie", "remoteMovie", "movieFile")
    )


def looks_like_custom(body: Body) -> bool:
    """Return whether the body is the custom shape (or a bare ``{"eventType": "Test"}``)."""
    if any(key in body for key in ("file_path", "file_paths", "path")):
        return True
    return body.get("eventType") == "Test"


def sonarr(body: Body) -> RecognisedWebhook:
    """Read a Sonarr ``Download`` (v3/v4 ``episodeFile`` and v4 ``episodeFiles[]``)."""
    event = text(body, "eventType") or ""
    if event == "Test":
        return connection_test(WebhookSource.SONARR, event)
    if event != "Download":
        return noise(WebhookSource.SONARR, event)
    series = mapping(body, "series")
    folder = text(series, "path")
    files = [mapping(body, "episodeFile"), *objects(body.get("episodeFiles"))]
    paths = unique(_file_path(f, folder) for f in files if f)
    if not paths:
        raise WebhookUnrecognised("Sonarr Download names no episode file with a full path")
    episodes = objects(body.get("episodes"))
    title = text(series, "title") or "Sonarr import"
    if len(episodes) == 1:
        ep = episodes[0]
        title += f" S{_num(ep.get('seasonNumber'))}E{_num(ep.get('episodeNumber'))}"
    return _download(WebhookSource.SONARR, event, body, paths, folder, title)


def radarr(body: Body) -> RecognisedWebhook:
    """Read a Radarr ``Download`` (new import or upgrade)."""
    event = text(body, "eventType") or ""
    if event == "Test":
        return connection_test(WebhookSource.RADARR, event)
    if event != "Download":
        return noise(WebhookSource.RADARR, event)
    movie = mapping(body, "movie")
    folder = text(movie, "folderPath")
    paths = unique([_file_path(mapping(body, "movieFile"), folder), text(movie, "filePath")])
    if not paths:
        raise WebhookUnrecognised("Radarr Download names no movie file with a full path")
    title = text(movie, "title") or "Radarr import"
    if isinstance(movie.get("year"), int) and movie["year"]:
        title += f" ({movie['year']})"
    return _download(WebhookSource.RADARR, event, body, paths, folder, title)


def custom(body: Body) -> RecognisedWebhook:
    """Read ``{file_path}``, ``{file_paths: [...], title}`` (or ``{path}``) from any tool."""
    if body.get("eventType") == "Test" and not any(k in body for k in ("file_path", "file_paths")):
        return connection_test(WebhookSource.CUSTOM, "Test")
    listed = body.get("file_paths")
    if listed is not None and (
        not isinstance(listed, list) or not all(isinstance(p, str) for p in listed)
    ):
        raise WebhookUnrecognised("file_paths must be an array of strings")
    paths = unique([text(body, "file_path"), text(body, "path"), *(listed or [])])
    if not paths:
        raise WebhookUnrecognised(
            "payload must include 'file_path' (string) or 'file_paths' (array of strings)"
        )
    return RecognisedWebhook(
        WebhookSource.CUSTOM, Verdict.IMPORT, "Custom", paths=paths, title=text(body, "title")
    )


def _download(
    source: WebhookSource,
    event: str,
    body: Body,
    paths: tuple[str, ...],
    folder: str | None,
    title: str,
) -> RecognisedWebhook:
    deleted = unique(_file_path(f, folder) for f in objects(body.get("deletedFiles")))
    return RecognisedWebhook(
        source,
        Verdict.IMPORT,
        event,
        paths=paths,
        deleted_paths=deleted,
        title=title,
        upgrade=body.get("isUpgrade") is True or bool(deleted),
    )


def _file_path(file: Body, folder: str | None) -> str | None:
    """Return a file block's absolute path: ``path``, else the folder + ``relativePath``."""
    if (path := text(file, "path")) is not None:
        return path
    relative = text(file, "relativePath")
    if relative and folder:
        return folder.rstrip("/\\") + "/" + relative.lstrip("/\\")
    return None


def _num(value: object) -> str:
    return f"{value:02d}" if isinstance(value, int) else "??"
