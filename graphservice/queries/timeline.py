"""The story's key scenes in story order, through a view."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.model import Event
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import View

__all__ = ["event_visible", "events_of", "involves", "timeline"]


def event_visible(work: LoadedWork, event: Event, view: View) -> bool:
    """Whether the view shows the event (by its ``revealed`` and ``holds`` clocks)."""
    periods = work.periods
    return view.shows(periods[event.revealed], (periods[p] for p in event.holds))


def timeline(work: LoadedWork, view: View = View()) -> list[Event]:
    """Visible events in story order: by the first period they take place in, then file order."""
    periods = work.periods
    shown = [e for e in work.events.values() if event_visible(work, e, view)]
    # sorted() is stable, so events of one period keep the curator's (file) order.
    return sorted(shown, key=lambda e: min(periods[p] for p in e.holds))


def involves(event: Event, slug: str) -> bool:
    """Whether a character or group takes part in the event, or it happens at that place."""
    return slug in event.participants or event.place == slug


def events_of(work: LoadedWork, slug: str, view: View = View()) -> list[Event]:
    """Visible events, in story order, in which a character or group takes part or at a place."""
    require_entity(work, slug)
    return [e for e in timeline(work, view) if involves(e, slug)]
