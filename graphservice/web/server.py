"""How ``graphservice serve`` runs uvicorn so slow and numerous clients cannot starve the rest.

- A request's headers must arrive within ``header_timeout`` of the connection opening (or, on a
  kept-alive connection, of the request's first byte); a kept-alive connection silent for
  ``keep_alive_timeout`` between requests is closed.
- A request's body must arrive within ``body_timeout`` of its headers, else 408.
- At most ``max_connections`` connections per process: a new one over the cap closes the one that
  has waited longest for its client, so a crowd of slow connections cannot keep others out.
- At most ``max_concurrent_requests`` requests in progress (bodies read); more get 503 with
  ``Retry-After`` and a GraphQL error body (``SERVICE_UNAVAILABLE``).
- The soft open-file limit is raised to the hard one, and the cap sized below it, so the cap, not
  the operating system, decides which connections go.

The protocol classes doing this are in ``_guard.py``.
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import Any, Literal

from graphservice.settings import Settings
from graphservice.web._guard import (
    MAX_HEADER_BYTES,
    ConnectionLimits,
    GuardedH11Protocol,
    GuardedHttpToolsProtocol,
)

__all__ = [
    "BACKLOG",
    "DEFAULT_MAX_CONNECTIONS",
    "RESERVED_FDS",
    "connection_cap",
    "connection_limits",
    "raise_fd_limit",
    "uvicorn_options",
]

logger = logging.getLogger("graphservice.server")

BACKLOG = 2048
"""uvicorn's default listen backlog: connections the kernel queues before the server accepts them."""
RESERVED_FDS = 128
"""File descriptors kept for everything but client connections: data files, logs, the event loop."""
DEFAULT_MAX_CONNECTIONS = 32_768
"""The cap when the open-file limit allows more (systemd's hard limit is 524,288): a held
connection costs about 6 KiB, so this bounds them to some 200 MiB, and one process could never
serve more clients than this at once anyway."""


def raise_fd_limit() -> int:
    """Raise the soft limit on open files to the hard limit; return the soft limit now in force.

    Many systems start processes with a soft limit of 1024 and a far higher hard limit, which
    would cap the server at about a thousand clients for no reason.
    """
    if sys.platform == "win32":  # no such limit to raise; sockets are not counted against one
        return 1 << 16
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    unlimited = 1 << 20  # what "no limit" is taken to mean when sizing the cap
    if soft == resource.RLIM_INFINITY:
        return unlimited
    target = unlimited if hard == resource.RLIM_INFINITY else hard
    if soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):  # e.g. macOS refuses more than kern.maxfilesperproc
            return soft
        return target
    return soft


def connection_cap(fd_limit: int, wanted: int | None) -> tuple[int, int]:
    """The connection cap and listen backlog for a process allowed ``fd_limit`` open files.

    Connections accepted in one turn of the event loop (up to the backlog) are open before the
    cap can close anything for them, so the cap leaves room for a full backlog plus the
    reserve; with a small limit the backlog shrinks instead. ``wanted`` (a setting, else
    DEFAULT_MAX_CONNECTIONS) is lowered to that room, never raised.
    """
    backlog = max(16, min(BACKLOG, fd_limit // 4))
    room = max(1, fd_limit - backlog - RESERVED_FDS)
    if wanted is None:
        return min(DEFAULT_MAX_CONNECTIONS, room), backlog
    if wanted > room:
        logger.warning("max_connections %d lowered to %d: the open-file limit is %d", wanted, room, fd_limit)
    return min(wanted, room), backlog


def connection_limits(settings: Settings, max_connections: int) -> ConnectionLimits:
    """The guard's limits from the settings and the connection cap."""
    return ConnectionLimits(
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
        max_connections=max_connections,
        max_concurrent_requests=settings.max_concurrent_requests,
        retry_after=settings.retry_after,
    )


def uvicorn_options(settings: Settings, http: Literal["httptools", "h11"] = "httptools") -> dict[str, Any]:
    """The uvicorn options enforcing the settings' connection limits, for ``uvicorn.run(**...)``.

    Raises the process's open-file limit (``raise_fd_limit``) first, since the cap derives from
    it; worker processes inherit the raised limit.
    """
    cap, backlog = connection_cap(raise_fd_limit(), settings.max_connections)
    base = GuardedHttpToolsProtocol if http == "httptools" else GuardedH11Protocol
    return {
        # uvicorn builds its protocol by calling ``http`` with keyword arguments, and pickles the
        # config for worker processes: a partial of a module-level class survives both.
        "http": functools.partial(base, limits=connection_limits(settings, cap)),
        "timeout_keep_alive": settings.keep_alive_timeout,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "backlog": backlog,
        # Not uvicorn's limit_concurrency: it counts open connections too, so slow or idle ones
        # would make it refuse every request (the guard counts requests only).
        "limit_concurrency": None,
    }
