"""Log lines are formatted and written off the caller's thread, as JSON or text."""

from __future__ import annotations

import json
import logging
import threading

import pytest

from graphservice.logs import queued_stderr


class _Noted:
    """A log argument that notes which thread turned it into text."""

    def __init__(self) -> None:
        self.thread: str | None = None

    def __str__(self) -> str:
        self.thread = threading.current_thread().name
        return "noted"


def test_records_are_formatted_by_the_listener_thread_not_the_caller(
    capfd: pytest.CaptureFixture[str],
) -> None:
    handler = queued_stderr("json")
    logger = logging.getLogger("graphservice.test-logs")
    logger.addHandler(handler)
    logger.propagate = False
    noted = _Noted()
    try:
        logger.warning("value %s", noted, extra={"operation": "Who"})
    finally:
        logger.removeHandler(handler)
        assert handler.listener is not None  # type: ignore[attr-defined]
        handler.listener.stop()  # type: ignore[attr-defined]  # writes what is queued
    line = json.loads(capfd.readouterr().err.strip().splitlines()[-1])
    assert (line["message"], line["operation"], line["level"]) == ("value noted", "Who", "warning")
    assert noted.thread is not None and noted.thread != threading.current_thread().name


def test_text_lines_too(capfd: pytest.CaptureFixture[str]) -> None:
    handler = queued_stderr("text")
    logger = logging.getLogger("graphservice.test-logs-text")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("plain %d", 7)
    finally:
        logger.removeHandler(handler)
        handler.listener.stop()  # type: ignore[attr-defined]
    assert capfd.readouterr().err.rstrip().endswith("ERROR graphservice.test-logs-text: plain 7")
