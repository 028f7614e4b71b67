"""A feed of events for live subscribers: each subscriber gets every event published after it
subscribed, in order, through its own bounded queue.

Plain asyncio, so the domain and the GraphQL subscriptions above it know nothing of HTTP or
WebSockets. A subscriber that falls behind (its queue full) loses its oldest events, never the
newest, and never slows the publisher down: a data version superseded before it was read is
worth nothing to a client.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Generic, TypeVar

__all__ = ["Feed", "Subscription"]

T = TypeVar("T")


class Feed(Generic[T]):
    """Publish events to every current subscriber (from the event loop's thread)."""

    def __init__(self, backlog: int = 16) -> None:
        self.backlog = backlog
        self._queues: set[asyncio.Queue[T]] = set()

    def publish(self, event: T) -> None:
        """Hand an event to every subscriber; a full queue drops its oldest event first."""
        for queue in self._queues:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)

    def subscribe(self) -> Subscription[T]:
        """Every event published from now on (counted from this call, not from the first read),
        until the subscription is closed."""
        return Subscription(self)

    @property
    def subscribers(self) -> int:
        """How many subscribers are listening now."""
        return len(self._queues)


class Subscription(Generic[T]):
    """One subscriber's events; registered when made, so nothing published after is missed."""

    def __init__(self, feed: Feed[T]) -> None:
        self._feed = feed
        self._queue: asyncio.Queue[T] = asyncio.Queue(feed.backlog)
        feed._queues.add(self._queue)

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._queue.get()

    def close(self) -> None:
        """Stop receiving events."""
        self._feed._queues.discard(self._queue)
