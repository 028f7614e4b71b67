"""Logging set-up: one JSON object per line (or plain text), for the service and for uvicorn.

Lines are formatted and written by a thread of their own: the handler the loggers use only puts
the record on a queue (the standard library's QueueHandler and QueueListener), so the event loop
never waits for JSON encoding or for a slow stderr (a pipe to a log shipper that lags).
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import time
from logging.handlers import QueueHandler, QueueListener
from typing import Any

from graphservice import jsonio

__all__ = ["JsonFormatter", "configure_logging", "log_config", "queued_stderr"]

# Attributes every LogRecord has; anything else was passed in `extra=` and belongs in the line.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message and every `extra` field.

    A few lines of code rather than a dependency: the standard library already does the hard part.
    """

    _second: int = -1
    _stamp: str = ""

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second:  # one strftime a second, not one a line
            self._second, self._stamp = second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        entry: dict[str, Any] = {
            "time": f"{self._stamp}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        try:
            return jsonio.dumps(entry).decode()  # orjson: several times json's speed
        except TypeError:  # a value neither encoder knows: as text, like json's default=str
            return json.dumps(entry, default=str)


class _Enqueue(QueueHandler):
    """A QueueHandler that hands the record over as it is: the listener's thread formats it.

    The standard QueueHandler formats the message before queueing it (so that a record can cross to
    another process); within one process the record can travel unformatted, and formatting, the
    dear part of a JSON line, then happens off the event loop.
    """

    listener: QueueListener | None = None
    """The thread that formats and writes the queued records (stop it to flush them)."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record


class _Listener(QueueListener):
    """A QueueListener that wakes for a batch of records rather than for each, and may be stopped
    more than once (at exit, after a test stopped it).

    Waking for each record makes the event loop hand the interpreter lock over for every line it
    logs; letting lines gather for a moment when the queue is empty turns thousands of handovers a
    second into a few dozen. A line waits at most ``gather`` seconds before it is written.
    """

    gather = 0.02
    _stopped = False

    def dequeue(self, block: bool) -> logging.LogRecord:
        if block and self.queue.empty():  # type: ignore[attr-defined]
            for handler in self.handlers:  # the batch so far, in one write
                handler.flush()
            time.sleep(self.gather)
        return super().dequeue(block)

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            super().stop()
            for handler in self.handlers:
                handler.flush()


class _Batched(logging.StreamHandler):  # type: ignore[type-arg]
    """A StreamHandler that keeps formatted lines until flushed, then writes them at once: one
    system call (and one handover of the interpreter lock) for a batch, not one for each line."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record) + self.terminator)
        except Exception:
            self.handleError(record)

    def flush(self) -> None:
        if self._lines:
            lines, self._lines = self._lines, []
            self.stream.write("".join(lines))
        super().flush()


def queued_stderr(fmt: str = "json") -> logging.Handler:
    """A handler that queues records for a listener thread writing them to stderr in ``fmt``."""
    # Nothing the lines show needs the caller's file and line, thread or process: skip finding
    # them for every record (the logging HOWTO's "Optimization" section).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    stream = _Batched()
    stream.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = _Listener(records, stream)
    listener.start()
    atexit.register(listener.stop)  # writes what is still queued before the process ends
    handler = _Enqueue(records)
    handler.listener = listener
    return handler


def log_config(level: str, fmt: str) -> dict[str, Any]:
    """A logging dictConfig for the service and uvicorn (uvicorn's ``log_config`` takes it too)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": {"()": "graphservice.logs.queued_stderr", "fmt": fmt}},
        "loggers": {
            "graphservice": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            # The service writes its own request log with the GraphQL details.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Apply :func:`log_config`."""
    import logging.config

    logging.config.dictConfig(log_config(level, fmt))
