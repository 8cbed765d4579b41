"""Import-list exclusions kept in the World, plus ids the World's catalog does not hold."""

from __future__ import annotations

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.model import ImportExclusion, MediaKind


def next_exclusion_id(state: ArrSim) -> int:
    """Return a fresh exclusion id."""
    ids = [e.id for e in state.world.exclusions] + list(state.foreign_exclusions)
    return max(ids, default=0) + 1


def exclude(state: ArrSim, kind: MediaKind, item_id: int) -> ImportExclusion:
    """Add (or return the existing) exclusion of a catalog title."""
    for existing in state.world.exclusions:
        if existing.kind == kind and existing.item_id == item_id:
            return existing
    exclusion = ImportExclusion(next_exclusion_id(state), kind, item_id)
    state.world.exclusions.append(exclusion)
    return exclusion


def remove_exclusion(state: ArrSim, kind: MediaKind, exclusion_id: int) -> bool:
    """Remove an exclusion by id; return whether it existed."""
    if state.foreign_exclusions.pop(exclusion_id, None) is not None:
        return True
    for existing in state.world.exclusions:
        if existing.id == exclusion_id and existing.kind == kind:
            state.world.exclusions.remove(existing)
            return True
    return False
