"""The PreviewStore port on a local filesystem: stamps, atomic files, swapped folders.

A BIF is written to ``.<name>.<token>.tmp`` beside its target, fsynced, then renamed over
it, and the folder is fsynced: a crash leaves the old file or the new one, never a torn
one. A trickplay folder is built in ``.<name>.staging-<token>`` beside its target; on
success the live folder (if any) is renamed to ``.<name>.old-<token>``, the staging folder
renamed into place and the old one deleted. Jellyfin ignores the dot-named folders.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tendarr.domain.previews.bif import BifError, BifFile, decode_bif
from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.ports.previews import PublishFailed, SourceUnusable


def _fsync_dir(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


class FilePreviewStore:
    """Publish previews on the local filesystem without ever exposing a partial one."""

    def stamp(self, source: Path) -> SourceStamp:
        """Return the source's size and mtime; raise SourceUnusable if it is not a file."""
        try:
            info = source.stat()
        except FileNotFoundError as err:
            raise SourceUnusable(f"file not found: {source}") from err
        except OSError as err:
            raise SourceUnusable(f"cannot read {source}: {err.strerror}") from err
        if not source.is_file():
            raise SourceUnusable(f"not a regular file: {source}")
        return SourceStamp(info.st_size, info.st_mtime_ns)

    def exists(self, path: Path) -> bool:
        """Return whether a published preview exists at ``path``."""
        return path.exists()

    def read_bif(self, path: Path) -> BifFile | None:
        """Return the BIF at ``path``, or None when absent or invalid."""
        try:
            return decode_bif(path.read_bytes())
        except (OSError, BifError):
            return None

    def read_frame(self, path: Path) -> bytes:
        """Return one extracted thumbnail's bytes."""
        return path.read_bytes()

    def write_atomic(self, path: Path, data: bytes) -> None:
        """Write ``data`` beside ``path``, fsync, rename over it, fsync the folder."""
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
            _fsync_dir(path.parent)
        except OSError as err:
            with suppress(OSError):
                temporary.unlink()
            raise PublishFailed(f"cannot write {path}: {err.strerror or err}") from err

    @contextmanager
    def staged_folder(self, directory: Path) -> Iterator[Path]:
        """Yield a staging folder; on a clean exit swap it in as ``directory``."""
        token = secrets.token_hex(4)
        staging = directory.parent / f".{directory.name}.staging-{token}"
        try:
            staging.mkdir(parents=True)
        except OSError as err:
            raise PublishFailed(f"cannot create {staging}: {err.strerror or err}") from err
        try:
            yield staging
            for entry in staging.iterdir():
                _fsync_file(entry)
            _fsync_dir(staging)
            self._swap(staging, directory, directory.parent / f".{directory.name}.old-{token}")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @staticmethod
    def _swap(staging: Path, directory: Path, old: Path) -> None:
        moved = False
        try:
            if directory.exists():
                os.rename(directory, old)
                moved = True
            os.rename(staging, directory)
        except OSError as err:
            if moved:
                with suppress(OSError):
                    os.rename(old, directory)
            raise PublishFailed(f"cannot move {directory} into place: {err.strerror}") from err
        _fsync_dir(directory.parent)
        shutil.rmtree(old, ignore_errors=True)
