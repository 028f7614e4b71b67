"""Lists converted to their GraphQL types only where they are read.

A connection field's resolver finds every result (the total count needs them all), but the
answer holds one page: Strawberry's ``ListConnection`` slices the sequence it is given before it
reads an item, and a field asking only for ``totalCount`` reads none. Wrapping each domain result
in its GraphQL type up front cost more than finding the results: a neighbourhood of a few hundred
nodes at depth 2 built a few hundred ``Neighbour`` objects, each with its relationships, for a
page of 20 (issue 14). ``Converted`` keeps the domain results and converts those read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

__all__ = ["Converted"]

S = TypeVar("S")
T = TypeVar("T")


class Converted(Sequence[T], Generic[S, T]):
    """``[convert(item) for item in items]``, each item converted when it is read.

    Reading an item twice converts it twice (a page is read once); the conversion must not
    depend on when it runs, which holds for the wrappers of read-only records it is used for.
    """

    __slots__ = ("_convert", "_items")

    def __init__(self, items: Sequence[S], convert: Callable[[S], T]) -> None:
        self._items = items
        self._convert = convert

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Converted[S, T]: ...

    def __getitem__(self, index: int | slice) -> T | Converted[S, T]:
        if isinstance(index, slice):  # still lazy: a connection slices before it knows it needs edges
            return Converted(self._items[index], self._convert)
        return self._convert(self._items[index])

    def __iter__(self) -> Iterator[T]:
        return map(self._convert, self._items)
