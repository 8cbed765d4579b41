"""The ``tendarr`` command: serve, worker, migrate, version."""

from __future__ import annotations

import errno
import re
import signal
import socket
import threading
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
import uvicorn
from rich.console import Console

from tendarr import __version__
from tendarr.cli_previews import previews_app
from tendarr.observability import configure_logging
from tendarr.persistence.database import DatabaseUnavailable
from tendarr.settings import ConfigError, InfraSettings, load_infra_settings
from tendarr.sim.command import sim_app

if TYPE_CHECKING:
    from tendarr.bootstrap import Runtime

app = typer.Typer(
    help="Tendarr tends your media library.", no_args_is_help=True, add_completion=False
)
err_console = Console(stderr=True, soft_wrap=True)
app.add_typer(sim_app, name="sim")
app.add_typer(previews_app, name="previews")
EXIT_CONFIG = 2
QUEUE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def _fail(message: str) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(EXIT_CONFIG)


def _settings() -> InfraSettings:
    try:
        infra = load_infra_settings()
    except ConfigError as err:
        _fail(f"{err.variable}: {err.problem}")
    configure_logging(infra.log_level, infra.log_format)
    return infra


def _runtime(infra: InfraSettings) -> Runtime:
    from tendarr.bootstrap import build_runtime

    try:
        return build_runtime(infra)
    except DatabaseUnavailable as err:
        _fail(f"cannot open the database ({_describe_db(infra)}): {err}")
    except ConfigError as err:
        _fail(f"{err.variable}: {err.problem}")


def _describe_db(infra: InfraSettings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(infra.effective_database_url).render_as_string(hide_password=True)


def _ensure_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                _fail(
                    f"port {port} on {host} is already in use; stop the other program or "
                    "set TENDARR_PORT"
                )
            _fail(f"cannot listen on {host}:{port}: {err.strerror}")


@app.command()
def serve(
    no_workers: Annotated[
        bool, typer.Option("--no-workers", help="Web only; jobs run on `tendarr worker` processes.")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Embedded worker threads per queue.")
    ] = 2,
    host: Annotated[str | None, typer.Option(help="Overrides TENDARR_HOST.")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Overrides TENDARR_PORT.")
    ] = None,
) -> None:
    """Serve the web UI and API, run the scheduler and (unless --no-workers) job workers."""
    infra = _settings()
    bind_host, bind_port = host or infra.host, port or infra.port
    _ensure_port_free(bind_host, bind_port)
    runtime = _runtime(infra)
    from tendarr.bootstrap import build_web_app

    web = build_web_app(runtime, run_workers=not no_workers, worker_threads=workers)
    err_console.print(
        f"Tendarr {__version__} on http://{_display(bind_host)}:{bind_port}", highlight=False
    )
    server = uvicorn.Server(
        uvicorn.Config(
            web,
            host=bind_host,
            port=bind_port,
            log_config=None,
            access_log=False,
            proxy_headers=True,
            timeout_graceful_shutdown=5,
        )
    )
    try:
        server.run()
    finally:
        runtime.close()


def _display(host: str) -> str:
    return "localhost" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104


@app.command()
def worker(
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", "-q", help="Queue to consume; repeat for several."),
    ] = None,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads per queue.")] = 2,
) -> None:
    """Run job workers in this process (on this host or another) until stopped."""
    infra = _settings()
    queues = queue or ["default"]
    bad = [q for q in queues if not QUEUE_NAME.fullmatch(q)]
    if bad:
        _fail(f"invalid queue name(s): {', '.join(bad)} (use lowercase letters, digits, - or _)")
    runtime = _runtime(infra)
    from tendarr.bootstrap import build_worker_pool

    idle = sorted(set(queues) - set(runtime.registry.queues()))
    if idle:
        # Allowed: a GPU box may be started before the job types that use its queue ship.
        err_console.print(f"note: no job type uses queue(s) {', '.join(idle)} yet")
    pool = build_worker_pool(runtime, queues, threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    pool.start()
    runtime.scheduler.start()
    err_console.print(
        f"Tendarr worker {pool.name} consuming {', '.join(queues)} ({threads} thread(s) each)",
        highlight=False,
    )
    stop.wait()
    runtime.scheduler.stop()
    pool.stop(graceful=True)
    runtime.close()


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for Tendarr.")] = 5757,
    movies: Annotated[int, typer.Option(min=1, max=20_000)] = 60,
    shows: Annotated[int, typer.Option(min=0, max=2_000)] = 12,
    seed: Annotated[int, typer.Option(help="World seed.")] = 1,
) -> None:
    """Run Tendarr with a simulated household (Plex, Jellyfin, Emby, Sonarr...) connected."""
    from tendarr.bootstrap import build_web_app
    from tendarr.demo import DEMO_PASSWORD, DEMO_USER, running_demo
    from tendarr.sim.generate import WorldConfig

    _settings()  # validates the environment and configures logging
    host = "127.0.0.1"
    _ensure_port_free(host, port)
    with running_demo(
        WorldConfig(seed=seed, movies=movies, shows=shows), host=host, port=port
    ) as running:
        web = build_web_app(running.runtime)
        err_console.print(
            f"Tendarr demo on http://{host}:{port} — sign in as {DEMO_USER} / {DEMO_PASSWORD}"
            f" (data in {running.data_dir}); simulators: " + ", ".join(sorted(running.simulators)),
            highlight=False,
        )
        uvicorn.Server(
            uvicorn.Config(
                web,
                host=host,
                port=port,
                log_config=None,
                access_log=False,
                timeout_graceful_shutdown=5,
            )
        ).run()


@app.command()
def migrate() -> None:
    """Apply database migrations and exit."""
    infra = _settings()
    from tendarr.bootstrap import prepare_database
    from tendarr.persistence.migrations import current_revision

    try:
        engine = prepare_database(infra)
    except DatabaseUnavailable as err:
        _fail(f"cannot open the database ({_describe_db(infra)}): {err}")
    err_console.print(f"database at revision {current_revision(engine)}", highlight=False)
    engine.dispose()


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"tendarr {__version__}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
