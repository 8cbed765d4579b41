"""People and watch providers: ``/3/person/{id}`` with credits, ``watch/providers``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tendarr.sim.model import Credit, Movie, Show
from tendarr.sim.tmdb.catalog import art_path, movie_item, origin_country, stable_int, tv_item
from tendarr.sim.world import World

# (provider_id, name) as TMDB numbers them; networks map to their own service.
PROVIDERS = {
    "Netflix": (8, "Netflix"),
    "Prime Video": (9, "Amazon Prime Video"),
    "Disney+": (337, "Disney Plus"),
    "Apple TV+": (350, "Apple TV Plus"),
    "HBO": (1899, "Max"),
    "AMC": (526, "AMC+"),
    "FX": (15, "Hulu"),
    "BBC One": (38, "BBC iPlayer"),
}
_STREAMERS = list(PROVIDERS.values())


@dataclass(frozen=True)
class Role:
    """One credit of a person on a title."""

    credit: Credit
    cast: bool
    movie: Movie | None = None
    show: Show | None = None


def person_roles(world: World) -> dict[int, list[Role]]:
    """Return every person's credits across the catalog."""
    roles: dict[int, list[Role]] = {}
    for movie in world.movies:
        for credit in movie.cast:
            roles.setdefault(credit.person_id, []).append(Role(credit, True, movie=movie))
        for credit in movie.crew:
            roles.setdefault(credit.person_id, []).append(Role(credit, False, movie=movie))
    for show in world.shows:
        for credit in show.cast:
            roles.setdefault(credit.person_id, []).append(Role(credit, True, show=show))
        for credit in show.crew:
            roles.setdefault(credit.person_id, []).append(Role(credit, False, show=show))
    return roles


def person(person_id: int, roles: list[Role]) -> dict[str, Any]:
    """Return ``GET /3/person/{id}``."""
    first = roles[0].credit
    department = "Acting" if roles[0].cast else (first.department or "Crew")
    return {
        "adult": False,
        "also_known_as": [],
        "biography": "",
        "birthday": None,
        "deathday": None,
        "gender": person_id % 3,
        "homepage": None,
        "id": person_id,
        "imdb_id": f"nm{7_000_000 + person_id:07d}",
        "known_for_department": department,
        "name": first.name,
        "place_of_birth": None,
        "popularity": round(1 + (person_id % 97) / 10, 3),
        "profile_path": art_path("person", person_id, "profile") if roles[0].cast else None,
    }


def _credit_id(role: Role) -> str:
    tmdb_id = role.movie.tmdb_id if role.movie else role.show.tmdb_id if role.show else 0
    return f"{stable_int('credit', role.credit.person_id, tmdb_id, modulo=16**24):024x}"


def credits(person_id: int, roles: list[Role], kind: str) -> dict[str, Any]:
    """Return ``/3/person/{id}/movie_credits`` or ``tv_credits``."""
    cast: list[dict[str, Any]] = []
    crew: list[dict[str, Any]] = []
    for role in roles:
        if kind == "movie" and role.movie is not None:
            item = movie_item(role.movie)
        elif kind == "tv" and role.show is not None:
            item = tv_item(role.show)
            item["episode_count"] = len(role.show.episodes())
        else:
            continue
        item["credit_id"] = _credit_id(role)
        if role.cast:
            item["character"] = role.credit.character or ""
            if kind == "movie":
                item["order"] = role.credit.order
            cast.append(item)
        else:
            item["department"] = role.credit.department or "Crew"
            item["job"] = role.credit.job or ""
            crew.append(item)
    return {"cast": cast, "crew": crew, "id": person_id}


def watch_providers(kind: str, tmdb_id: int, network: str | None, language: str) -> dict[str, Any]:
    """Return ``watch/providers``: one flat-rate service in the title's home country."""
    provider_id, name = (
        PROVIDERS[network]
        if network in PROVIDERS
        else _STREAMERS[stable_int("provider", kind, tmdb_id, modulo=len(_STREAMERS))]
    )
    country = origin_country(language)
    return {
        "results": {
            country: {
                "link": f"https://www.themoviedb.org/{kind}/{tmdb_id}/watch?locale={country}",
                "flatrate": [
                    {
                        "logo_path": art_path("provider", provider_id, "logo"),
                        "provider_id": provider_id,
                        "provider_name": name,
                        "display_priority": provider_id % 20,
                    }
                ],
            }
        }
    }
