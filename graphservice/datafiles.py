"""Data files as bytes: read once, and on a reload only once their writer has finished.

The bytes read are the bytes digested and the bytes parsed, so a version always names exactly the
data that was loaded. ``read_settled`` takes files only once they have stopped changing for a
moment: an editor or a copy that rewrites a file in place, in several writes, can leave a partial
file that is valid YAML with fewer records, and that must not be served as a new version. Writing
the new file beside the old one and renaming it into place swaps it at once (data/README.md).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphservice.errors import DataError, DataProblem

__all__ = [
    "DataFile",
    "digest",
    "open_for_writing",
    "read_file",
    "read_files",
    "read_settled",
    "shown_name",
    "without_paths",
]


@dataclass(frozen=True, slots=True)
class DataFile:
    """One data file's bytes under the name it was given, which names it in every problem."""

    name: str
    content: bytes


def digest(files: Sequence[DataFile]) -> str:
    """A short digest of the files' names and bytes: equal digests mean equal data."""
    sha = hashlib.sha256()
    for file in files:
        sha.update(file.name.encode())
        sha.update(b"\0")
        sha.update(file.content)
    return sha.hexdigest()[:16]


def read_file(path: Path) -> DataFile:
    """Read one file's bytes; a missing or unreadable file is a DataError naming it."""
    return _read(path).file


def read_files(paths: Sequence[Path]) -> tuple[DataFile, ...]:
    """Read each file's bytes once; one DataError names every missing or unreadable file."""
    files: list[DataFile] = []
    problems: list[DataProblem] = []
    for path in paths:
        try:
            files.append(read_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return tuple(files)


@dataclass(frozen=True, slots=True)
class _Reading:
    file: DataFile
    stamp: tuple[int, int, int, int]
    """Device, inode, size and modification time (ns) after the read."""
    steady: bool
    """The stamp was the same before and after the read: no write happened meanwhile."""

    @property
    def mtime(self) -> float:
        return self.stamp[3] / 1e9


def _stamp(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def open_for_writing(path: Path) -> bool:
    """Whether a process on this machine holds ``path`` open for writing (Linux's /proc).

    A writer that rewrites a file in place, pausing between writes, holds it open until it is
    done, however long the pause: as long as it does, the file is not taken, whatever the settle
    time says. (This is inotify's IN_CLOSE_WRITE, read from /proc because the file watcher does
    not report it.) Where /proc is missing, or the writer is on another machine sharing the
    folder, only the settle time and writing by rename protect the reader.
    """
    try:
        target = path.resolve()
        identity = target.stat()
    except OSError:
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    wanted = (identity.st_dev, identity.st_ino)
    with os.scandir(proc) as pids:
        for pid in pids:
            if not pid.name.isdigit():
                continue
            try:
                fds = os.scandir(f"{pid.path}/fd")
            except OSError:  # gone, or not ours to look at
                continue
            with fds:
                for fd in fds:
                    try:
                        seen = os.stat(fd.path)
                        if (seen.st_dev, seen.st_ino) != wanted:
                            continue
                        info = Path(f"{pid.path}/fdinfo/{fd.name}").read_text()
                        flags = int(info.split("flags:")[1].split()[0], 8)
                    except (OSError, IndexError, ValueError):
                        continue
                    if flags & (os.O_WRONLY | os.O_RDWR):
                        return True
    return False


def _read(path: Path) -> _Reading:
    name = str(path)
    try:
        before = _stamp(path.stat())
        content = path.read_bytes()
        after = _stamp(path.stat())
    except FileNotFoundError:
        raise DataError([DataProblem(name, "", "file not found")]) from None
    except OSError as exc:
        raise DataError([DataProblem(name, "", f"cannot read file: {exc}")]) from None
    return _Reading(DataFile(name, content), after, before == after)


def _stamp_now(path: Path) -> tuple[int, int, int, int] | None:
    try:
        return _stamp(path.stat())
    except OSError:
        return None


def read_settled(paths: Sequence[Path], settle: float, patience: float | None = None) -> tuple[DataFile, ...]:
    """Read the files once none of them has changed for ``settle`` seconds.

    They are taken when each was last modified at least ``settle`` seconds ago and did not change
    while it was read, or when reads ``settle`` seconds apart found the same bytes and stamps (for
    a file whose time lies in the future). Until then this waits and reads again; after
    ``patience`` seconds (default: ten settle intervals, at least 2 s) of changes it gives up
    with a DataError naming each file still being written.
    """
    patience = max(2.0, 10 * settle) if patience is None else patience
    deadline = time.monotonic() + patience
    streak: list[_Reading] | None = None  # the readings seen unchanged since streak_at
    streak_at = 0.0
    while True:
        readings = [_read(path) for path in paths]
        writing = [Path(r.file.name) for r in readings if open_for_writing(Path(r.file.name))]
        # A writer may finish while /proc is scanned (a busy server holds thousands of descriptors):
        # a file whose stamp moved since it was read is read again, or its older bytes would pass.
        moved = [r for r in readings if _stamp_now(Path(r.file.name)) != r.stamp]
        now, mono = time.time(), time.monotonic()
        unsettled = [
            r
            for r in readings
            if not r.steady or now - r.mtime < settle or Path(r.file.name) in writing or r in moved
        ]
        if readings != streak:
            streak, streak_at = readings, mono
        if not unsettled or (mono - streak_at >= settle and not writing and not moved):
            return tuple(r.file for r in readings)
        if mono >= deadline:
            reason = (
                f"still being written after {patience:g} s, so not taken (write the new file beside "
                "it and rename it into place)"
            )
            raise DataError([DataProblem(r.file.name, "", reason) for r in unsettled])
        youngest = max(r.mtime for r in unsettled)
        time.sleep(min(settle, max(settle - (now - youngest), 0.05 if writing else 0.01)))


def shown_name(name: str) -> str:
    """How a data file is named to clients: relative to the working directory when it lies
    inside it, else just the file's name; never an absolute path."""
    path = Path(name)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return path.name


def without_paths(text: str, names: Iterable[str]) -> str:
    """``text`` with each data file's name as given, and its absolute path, written as
    :func:`shown_name` shows it (for messages that leave the server)."""
    shown: dict[str, str] = {}
    for name in names:
        path = Path(name)
        for spelling in (name, str(path.absolute()), str(path.resolve())):
            shown[spelling] = shown_name(name)
    for spelling in sorted(shown, key=len, reverse=True):  # longest first: a path holds its tail
        text = text.replace(spelling, shown[spelling])
    return text
