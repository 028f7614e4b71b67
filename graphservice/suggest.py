"""Did-you-mean suggestions for names that match nothing, shared by the loader and the queries."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(wrong: str, candidates: Iterable[str], limit: int = 3) -> str:
    """Return a ``"; did you mean 'a' or 'b'?"`` suffix, or an empty string when nothing is close.

    >>> did_you_mean("tomy", ["tommy", "ruth"])
    "; did you mean 'tommy'?"
    """
    pool = sorted(set(candidates))
    lowered = {c.lower(): c for c in pool}
    close = difflib.get_close_matches(wrong.lower(), list(lowered), n=limit, cutoff=0.6)
    if not close:
        return ""
    names = [f"'{lowered[c]}'" for c in close]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"; did you mean {joined}?"
