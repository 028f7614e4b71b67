"""The feed live subscribers read: every event after subscribing, in order, bounded per subscriber."""

from __future__ import annotations

import asyncio

from graphservice.feed import Feed


def test_each_subscriber_gets_what_is_published_after_it_subscribed() -> None:
    async def scenario() -> tuple[list[int], list[int], int]:
        feed: Feed[int] = Feed()
        feed.publish(0)  # nobody listens yet
        first = feed.subscribe()
        feed.publish(1)
        second = feed.subscribe()
        feed.publish(2)
        got_first = [await anext(first), await anext(first)]
        got_second = [await anext(second)]
        first.close()
        second.close()
        return got_first, got_second, feed.subscribers

    assert asyncio.run(scenario()) == ([1, 2], [2], 0)


def test_a_slow_subscriber_loses_its_oldest_events_not_the_newest() -> None:
    async def scenario() -> list[int]:
        feed: Feed[int] = Feed(backlog=3)
        stream = feed.subscribe()
        for i in range(10):
            feed.publish(i)
        return [await anext(stream) for _ in range(3)]

    assert asyncio.run(scenario()) == [7, 8, 9]
