"""Generate a seeded, deterministic household: the same seed always gives the same world."""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tendarr.sim import names
from tendarr.sim.encodes import pick_encode
from tendarr.sim.model import (
    ArrState,
    Credit,
    Episode,
    Favorite,
    Library,
    MediaFile,
    MediaRequest,
    MediaServer,
    Movie,
    Play,
    QualityProfile,
    RootFolder,
    Season,
    Show,
    SubtitleStream,
    Tag,
    User,
    WatchlistEntry,
)
from tendarr.sim.world import World

DEFAULT_START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MOVIE_ROOT = "/media/movies"
TV_ROOT = "/media/tv"


@dataclass(frozen=True)
class WorldConfig:
    """Knobs for the generated household."""

    seed: int = 1
    movies: int = 60
    shows: int = 12
    users: int = 6
    catalog_extra: float = 0.5  # share of extra titles known to TMDB but not in the library
    history_days: int = 120
    start: datetime = DEFAULT_START
    servers: tuple[str, ...] = ("plex", "jellyfin", "emby")


def generate_world(config: WorldConfig = WorldConfig()) -> World:
    """Build the world for ``config``."""
    return _Generator(config).build()


class _Generator:
    def __init__(self, config: WorldConfig) -> None:
        self.c = config
        self.rng = random.Random(config.seed)
        self.next_file_id = 1
        self.next_person = 1000
        self.title_counts: dict[str, int] = {}

    # --- helpers --------------------------------------------------------------------
    def uid(self, *parts: object) -> uuid.UUID:
        digest = hashlib.sha256(f"{self.c.seed}:{':'.join(map(str, parts))}".encode()).digest()
        return uuid.UUID(bytes=digest[:16], version=4)

    def title(self) -> str:
        pattern = self.rng.choice(names.PATTERNS)
        base = pattern.format(a=self.rng.choice(names.ADJECTIVES), n=self.rng.choice(names.NOUNS))
        seen = self.title_counts.get(base, 0)
        self.title_counts[base] = seen + 1
        # A repeated title becomes a sequel, the way real catalogs repeat names.
        return base if seen == 0 else f"{base} {seen + 1}"

    def person(self) -> str:
        return f"{self.rng.choice(names.FIRST)} {self.rng.choice(names.LAST)}"

    def credits(self) -> tuple[list[Credit], list[Credit]]:
        cast = []
        for order in range(self.rng.randint(3, 8)):
            self.next_person += 1
            cast.append(
                Credit(self.next_person, self.person(), character=self.person(), order=order)
            )
        crew = []
        for job, dept in (
            ("Director", "Directing"),
            ("Screenplay", "Writing"),
            ("Producer", "Production"),
        ):
            self.next_person += 1
            crew.append(Credit(self.next_person, self.person(), job=job, department=dept))
        return cast, crew

    # --- encodes --------------------------------------------------------------------
    def media_file(
        self, folder: str, stem: str, runtime_min: int, year: int, added: datetime
    ) -> MediaFile:
        enc = pick_encode(self.rng)
        group = self.rng.choice(names.RELEASE_GROUPS)
        container = "mp4" if enc.source == "WEB" and self.rng.random() < 0.2 else "mkv"
        duration_ms = runtime_min * 60_000 + self.rng.randint(0, 59_000)
        audio_kbps = 640 if enc.audio[0].codec in {"ac3", "eac3", "aac"} else 3000
        size = int((enc.video.bitrate_kbps + audio_kbps) * 1000 / 8 * duration_ms / 1000)
        subs = [SubtitleStream("subrip", "eng")]
        if self.rng.random() < 0.4:
            subs.append(SubtitleStream("pgs", "eng", forced=True))
        if self.rng.random() < 0.3:
            subs.append(SubtitleStream("subrip", self.rng.choice(("fre", "ger", "spa"))))
        file = MediaFile(
            id=self.next_file_id,
            path=f"{folder}/{stem} {enc.tokens}-{group}.{container}",
            size=size,
            container=container,
            duration_ms=duration_ms,
            video=enc.video,
            audio=enc.audio,
            subtitles=subs,
            quality=enc.quality,
            release_group=group,
            added_at=added,
        )
        self.next_file_id += 1
        return file

    # --- catalog --------------------------------------------------------------------
    def movies(self, count: int, in_library: int) -> list[Movie]:
        movies = []
        collections = [
            (10_000 + i, f"The {self.rng.choice(names.NOUNS)} Collection")
            for i in range(max(1, count // 15))
        ]
        for i in range(count):
            year = self.rng.randint(1975, 2026)
            release = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            title = self.title()
            tmdb_id = 100_000 + i * 7 + self.rng.randint(0, 6)
            cast, crew = self.credits()
            genres = self.rng.sample(names.GENRES_MOVIE, self.rng.randint(1, 3))
            movie = Movie(
                id=i + 1,
                tmdb_id=tmdb_id,
                imdb_id=f"tt{1_000_000 + tmdb_id}",
                title=title,
                original_title=title,
                year=year,
                release_date=release,
                genres=genres,
                studio=self.rng.choice(names.STUDIOS),
                content_rating=self.rng.choice(names.MOVIE_RATINGS),
                language=self.rng.choice(names.LANGUAGES),
                runtime_min=self.rng.randint(80, 170),
                overview=f"{title}: a {genres[0].lower()} story.",
                tmdb_rating=round(self.rng.uniform(4.0, 8.9), 1),
                imdb_rating=round(self.rng.uniform(4.0, 9.0), 1),
                critic_rating=self.rng.randint(20, 99),
                popularity=round(self.rng.uniform(1, 300), 3),
                keywords=self.rng.sample(names.KEYWORDS, 2),
                cast=cast,
                crew=crew,
                collection=self.rng.choice(collections) if self.rng.random() < 0.2 else None,
            )
            if i < in_library:
                added = self.c.start - timedelta(days=self.rng.randint(1, 900))
                folder = f"{MOVIE_ROOT}/{title} ({year}) {{tmdb-{tmdb_id}}}"
                movie.file = self.media_file(
                    folder, f"{title} ({year})", movie.runtime_min, year, added
                )
                movie.added_at = added
                movie.radarr = ArrState(
                    i + 1,
                    self.rng.random() < 0.85,
                    self.rng.choice((1, 2)),
                    MOVIE_ROOT,
                    added_at=added,
                )
            movies.append(movie)
        tmdb_ids = [m.tmdb_id for m in movies]
        for movie in movies:
            movie.recommendations = self.rng.sample(tmdb_ids, min(6, len(tmdb_ids)))
            movie.similar = self.rng.sample(tmdb_ids, min(4, len(tmdb_ids)))
        return movies

    def shows(self, count: int, in_library: int, first_episode_id: int) -> list[Show]:
        shows = []
        episode_id = first_episode_id
        for i in range(count):
            year = self.rng.randint(1995, 2026)
            title = self.title()
            tmdb_id = 200_000 + i * 7 + self.rng.randint(0, 6)
            tvdb_id = 300_000 + i * 11 + self.rng.randint(0, 10)
            status = self.rng.choice(("continuing", "ended", "ended"))
            cast, crew = self.credits()
            genres = self.rng.sample(names.GENRES_TV, self.rng.randint(1, 2))
            added = self.c.start - timedelta(days=self.rng.randint(1, 900))
            owned = i < in_library
            folder = f"{TV_ROOT}/{title} ({year}) {{tvdb-{tvdb_id}}}"
            seasons = []
            first_air = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            air = first_air
            runtime = self.rng.choice((22, 30, 45, 55, 60))
            for s in range(1, self.rng.randint(1, 5) + 1):
                episodes = []
                for e in range(1, self.rng.randint(6, 13) + 1):
                    aired = air <= self.c.start.date()
                    ep = Episode(
                        id=episode_id,
                        show_id=i + 1,
                        season_number=s,
                        episode_number=e,
                        title=f"Chapter {e}: {self.rng.choice(names.NOUNS)}",
                        air_date=air,
                        tvdb_id=5_000_000 + episode_id,
                        tmdb_id=6_000_000 + episode_id,
                        runtime_min=runtime,
                        overview="",
                        sonarr_id=episode_id,
                    )
                    if owned and aired and self.rng.random() < 0.93:
                        stem = f"{title} ({year}) - S{s:02d}E{e:02d} - {ep.title}"
                        ep.file = self.media_file(
                            f"{folder}/Season {s:02d}",
                            stem,
                            runtime,
                            year,
                            added + timedelta(days=s * 7 + e),
                        )
                    episodes.append(ep)
                    episode_id += 1
                    air += timedelta(days=7)
                seasons.append(Season(s, 400_000 + i * 50 + s, episodes))
                air += timedelta(days=self.rng.randint(120, 400))
            show = Show(
                id=i + 1,
                tmdb_id=tmdb_id,
                tvdb_id=tvdb_id,
                imdb_id=f"tt{2_000_000 + tmdb_id}",
                title=title,
                year=year,
                first_air_date=first_air,
                status=status,
                network=self.rng.choice(names.NETWORKS),
                genres=genres,
                content_rating=self.rng.choice(names.TV_RATINGS),
                language=self.rng.choice(names.LANGUAGES),
                overview=f"{title}, a series.",
                tmdb_rating=round(self.rng.uniform(5.0, 9.0), 1),
                popularity=round(self.rng.uniform(1, 300), 3),
                keywords=self.rng.sample(names.KEYWORDS, 2),
                cast=cast,
                crew=crew,
                seasons=seasons,
                added_at=added if owned else None,
                sonarr=ArrState(
                    i + 1,
                    status == "continuing" or self.rng.random() < 0.5,
                    self.rng.choice((1, 2)),
                    TV_ROOT,
                    added_at=added,
                )
                if owned
                else None,
            )
            shows.append(show)
        tmdb_ids = [s.tmdb_id for s in shows]
        for show in shows:
            show.recommendations = self.rng.sample(tmdb_ids, min(6, len(tmdb_ids)))
            show.similar = self.rng.sample(tmdb_ids, min(4, len(tmdb_ids)))
        return shows

    # --- servers and people -----------------------------------------------------------
    def servers(self) -> list[MediaServer]:
        servers = []
        for n, kind in enumerate(self.c.servers):
            sid = f"{kind}-{n + 1}"
            prefix = {"plex": "/data", "jellyfin": "/media", "emby": "/mnt/media"}[kind]
            if kind == "plex":
                libs = [
                    Library("1", "Movies", "movie", f"{prefix}/movies", str(self.uid(sid, "lib1"))),
                    Library("2", "TV Shows", "show", f"{prefix}/tv", str(self.uid(sid, "lib2"))),
                ]
            else:
                libs = [
                    Library(self.uid(sid, "movies").hex, "Movies", "movie", f"{prefix}/movies"),
                    Library(self.uid(sid, "tv").hex, "Shows", "show", f"{prefix}/tv"),
                ]
            servers.append(
                MediaServer(
                    id=sid,
                    kind=kind,  # type: ignore[arg-type]
                    name={"plex": "Household Plex", "jellyfin": "Jellyfin", "emby": "Emby"}[kind],
                    machine_id=self.uid(sid, "machine").hex,
                    version={"plex": "1.41.6.9685", "jellyfin": "10.11.11", "emby": "4.8.11.0"}[
                        kind
                    ],
                    token=self.uid(sid, "token").hex,
                    path_prefix=prefix,
                    libraries=libs,
                )
            )
        return servers

    def users(self, servers: list[MediaServer]) -> list[User]:
        users = []
        kinds = ["owner", "home", "friend", "managed"]
        for i in range(self.c.users):
            first = names.FIRST[i % len(names.FIRST)]
            username = f"{first.lower()}{i}" if i >= len(names.FIRST) else first.lower()
            kind = kinds[0] if i == 0 else kinds[1 + (i % 3)]
            access = [s.id for s in servers if i == 0 or self.rng.random() < 0.8] or [servers[0].id]
            users.append(
                User(
                    id=i + 1,
                    username=username,
                    email=f"{username}@household.test",
                    display_name=f"{first} {names.LAST[i % len(names.LAST)]}",
                    kind=kind,  # type: ignore[arg-type]
                    password=f"pw-{username}",
                    plex_account_id=7_000_000 + i * 13,
                    plex_uuid=self.uid("plexuser", i).hex[:16],
                    plex_token=self.uid("plextoken", i).hex[:20],
                    jellyfin_id=self.uid("jfuser", i).hex,
                    emby_id=self.uid("embyuser", i).hex,
                    watchlist_private=kind == "friend" and self.rng.random() < 0.5,
                    servers=access,
                    pace_episodes_per_week=round(self.rng.uniform(0.5, 14), 1),
                )
            )
        return users

    def native_ids(
        self, servers: list[MediaServer], movies: list[Movie], shows: list[Show]
    ) -> None:
        for server in servers:
            rating_key = 1000
            for movie in movies:
                if movie.in_library:
                    rating_key += 1
                    server.native_ids[("movie", movie.id)] = self._native(
                        server, rating_key, "movie", movie.id
                    )
            for show in shows:
                if not show.in_library:
                    continue
                rating_key += 1
                server.native_ids[("show", show.id)] = self._native(
                    server, rating_key, "show", show.id
                )
                for season in show.seasons:
                    rating_key += 1
                    key = show.id * 1000 + season.number
                    server.native_ids[("season", key)] = self._native(
                        server, rating_key, "season", key
                    )
                    for ep in season.episodes:
                        if ep.file is not None:
                            rating_key += 1
                            server.native_ids[("episode", ep.id)] = self._native(
                                server, rating_key, "episode", ep.id
                            )

    def _native(self, server: MediaServer, rating_key: int, kind: str, item_id: int) -> str:
        if server.kind == "plex":
            return str(rating_key)
        if server.kind == "emby":
            return str(rating_key + 100_000)
        return self.uid(server.id, kind, item_id).hex

    def history(
        self, users: list[User], movies: list[Movie], shows: list[Show], world: World
    ) -> None:
        owned_movies = [m for m in movies if m.in_library]
        owned_shows = [s for s in shows if s.in_library]
        start = self.c.start - timedelta(days=self.c.history_days)
        play_id = 1
        for user in users:
            for movie in self.rng.sample(
                owned_movies, min(len(owned_movies), self.rng.randint(3, 25))
            ):
                assert movie.file is not None
                at = start + timedelta(minutes=self.rng.randint(0, self.c.history_days * 1440))
                completed = self.rng.random() < 0.8
                watched = (
                    movie.file.duration_ms
                    if completed
                    else int(movie.file.duration_ms * self.rng.uniform(0.05, 0.85))
                )
                world.plays.append(
                    Play(
                        play_id,
                        user.id,
                        self.rng.choice(user.servers),
                        "movie",
                        movie.id,
                        at,
                        at + timedelta(milliseconds=watched),
                        watched,
                        movie.file.duration_ms,
                        completed,
                        self.rng.choice(("Apple TV", "Chrome", "Roku", "Android")),
                        self.rng.choice(("tvOS", "Web", "Roku", "Android")),
                    )
                )
                play_id += 1
            for show in self.rng.sample(owned_shows, min(len(owned_shows), self.rng.randint(1, 5))):
                episodes = [e for e in show.episodes() if e.file is not None]
                watched_n = self.rng.randint(1, len(episodes)) if episodes else 0
                at = start + timedelta(days=self.rng.randint(0, self.c.history_days // 2))
                gap = timedelta(days=7 / max(0.5, user.pace_episodes_per_week))
                for ep in episodes[:watched_n]:
                    assert ep.file is not None
                    if at >= self.c.start:
                        break
                    stopped_early = ep is episodes[watched_n - 1] and self.rng.random() < 0.3
                    watched = int(ep.file.duration_ms * (0.4 if stopped_early else 1.0))
                    world.plays.append(
                        Play(
                            play_id,
                            user.id,
                            self.rng.choice(user.servers),
                            "episode",
                            ep.id,
                            at,
                            at + timedelta(milliseconds=watched),
                            watched,
                            ep.file.duration_ms,
                            not stopped_early,
                            "Apple TV",
                            "tvOS",
                        )
                    )
                    play_id += 1
                    at += gap
        world.plays.sort(key=lambda p: p.started_at)
        for n, play in enumerate(world.plays, start=1):
            play.id = n

    def lists(
        self, users: list[User], movies: list[Movie], shows: list[Show], world: World
    ) -> None:
        request_id = 1
        for user in users:
            for movie in self.rng.sample(movies, min(len(movies), self.rng.randint(0, 8))):
                at = self.c.start - timedelta(hours=self.rng.randint(1, 2000))
                world.watchlist.append(WatchlistEntry(user.id, "movie", movie.id, at))
            for show in self.rng.sample(shows, min(len(shows), self.rng.randint(0, 3))):
                at = self.c.start - timedelta(hours=self.rng.randint(1, 2000))
                world.watchlist.append(WatchlistEntry(user.id, "show", show.id, at))
            for server_id in user.servers:
                if not server_id.startswith("plex"):
                    for movie in self.rng.sample(
                        [m for m in movies if m.in_library], self.rng.randint(0, 3)
                    ):
                        world.favorites.append(
                            Favorite(
                                user.id,
                                server_id,
                                "movie",
                                movie.id,
                                self.c.start - timedelta(days=self.rng.randint(1, 300)),
                            )
                        )
            for movie in self.rng.sample(movies, min(len(movies), self.rng.randint(0, 3))):
                at = self.c.start - timedelta(days=self.rng.randint(1, 200))
                status = 2 if movie.in_library else self.rng.choice((1, 2, 3))
                world.requests.append(
                    MediaRequest(
                        request_id, user.id, "movie", movie.id, status, at, at + timedelta(hours=2)
                    )
                )
                request_id += 1

    def build(self) -> World:
        total = self.c.movies + int(self.c.movies * self.c.catalog_extra)
        movies = self.movies(total, self.c.movies)
        total_shows = self.c.shows + int(self.c.shows * self.c.catalog_extra)
        shows = self.shows(total_shows, self.c.shows, first_episode_id=1)
        servers = self.servers()
        users = self.users(servers)
        self.native_ids(servers, movies, shows)
        world = World(
            seed=self.c.seed,
            now=self.c.start,
            movies=movies,
            shows=shows,
            servers=servers,
            users=users,
            quality_profiles=[
                QualityProfile(1, "HD-1080p"),
                QualityProfile(2, "Ultra-HD"),
                QualityProfile(3, "Any"),
            ],
            root_folders={
                "radarr": [RootFolder(1, MOVIE_ROOT, 2_400_000_000_000, 8_000_000_000_000)],
                "sonarr": [RootFolder(1, TV_ROOT, 900_000_000_000, 8_000_000_000_000)],
            },
            tags=[Tag(1, "keep"), Tag(2, "kids"), Tag(3, "4k")],
        )
        self.history(users, movies, shows, world)
        self.lists(users, movies, shows, world)
        world.rng = random.Random(self.c.seed * 7919 + 1)
        world.file_factory = self.media_file
        world.index()
        return world
