"""Data files as bytes: a reload takes a file only once it has stopped changing; clients see file
names without absolute paths."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from graphservice import datafiles
from graphservice.datafiles import DataFile, digest, open_for_writing, read_settled, shown_name, without_paths
from graphservice.errors import DataError


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_file_unchanged_for_the_settle_interval_is_taken_at_once(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_bytes(b"format_version: 1\n")
    _age(path, 60)
    started = time.monotonic()
    assert read_settled([path], settle=5) == (DataFile(str(path), b"format_version: 1\n"),)
    assert time.monotonic() - started < 1  # no waiting for a file nobody is writing


def test_a_file_written_in_steps_is_taken_only_once_complete(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_bytes(b"")
    parts = [b"format_version: 1\n", b"work: {}\n", b"characters: []\n"]

    def write() -> None:
        with path.open("ab") as out:
            for part in parts:
                out.write(part)
                out.flush()
                time.sleep(0.1)  # pauses shorter than the settle interval

    writer = threading.Thread(target=write)
    writer.start()
    try:
        (file,) = read_settled([path], settle=0.4)
    finally:
        writer.join()
    assert file.content == b"".join(parts)


def test_a_file_that_never_settles_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "busy.yaml"
    path.write_bytes(b"x: 0\n")
    stop = threading.Event()

    def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            path.write_bytes(f"x: {n}\n".encode())
            time.sleep(0.02)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        with pytest.raises(DataError, match=r"busy\.yaml: still being written after 0\.5 s"):
            read_settled([path], settle=0.2, patience=0.5)
    finally:
        stop.set()
        writer.join()


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"gone\.yaml: file not found"):
        read_settled([tmp_path / "gone.yaml"], settle=0)


def test_the_digest_covers_names_and_bytes() -> None:
    one = digest([DataFile("a.yaml", b"x")])
    assert len(one) == 16
    assert one != digest([DataFile("b.yaml", b"x")]) and one != digest([DataFile("a.yaml", b"y")])


def test_file_names_shown_to_clients_are_never_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = tmp_path / "data" / "work.yaml"
    monkeypatch.chdir(tmp_path)
    assert shown_name(str(inside)) == "data/work.yaml"  # under the working directory: relative
    assert shown_name("data/work.yaml") == "data/work.yaml"
    assert shown_name("/elsewhere/work.yaml") == "work.yaml"  # outside it: the name alone
    message = f"1 problem in the data:\n  - {inside}: characters[0]: bad; and /elsewhere/work.yaml"
    shown = without_paths(message, [str(inside), "/elsewhere/work.yaml"])
    assert shown == "1 problem in the data:\n  - data/work.yaml: characters[0]: bad; and work.yaml"


def test_a_writer_holding_the_file_open_keeps_it_from_being_taken(tmp_path: Path) -> None:
    # The soak run found it: a writer pausing longer than the settle time between two writes left
    # a valid half-file that was served. While a process holds the file open for writing, it waits.
    path = tmp_path / "work.yaml"
    path.write_text("old: complete\n", encoding="utf-8")
    opened = threading.Event()

    def slow_writer() -> None:
        with path.open("w", encoding="utf-8") as out:
            out.write("first: half\n")
            out.flush()
            opened.set()
            time.sleep(0.6)  # six settle intervals
            out.write("second: half\n")

    writer = threading.Thread(target=slow_writer)
    writer.start()
    opened.wait(5)
    assert open_for_writing(path)
    (taken,) = read_settled([path], settle=0.1, patience=10)
    writer.join()
    assert taken.content == b"first: half\nsecond: half\n"
    assert not open_for_writing(path)


def test_a_writer_finishing_while_proc_is_scanned_does_not_pass_its_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI found it, and it is the soak's half-file: the scan of /proc is slow on a busy machine, and
    # a writer that finishes during it is no longer seen, while the bytes read before it were half.
    path = tmp_path / "work.yaml"
    path.write_text("first: half\n", encoding="utf-8")
    long_ago = time.time() - 60
    os.utime(path, (long_ago, long_ago))  # the half looks settled by its age alone
    scans: list[bool] = []

    def writer_finishes_during_the_scan(scanned: Path) -> bool:
        if not scans:
            with scanned.open("a", encoding="utf-8") as out:
                out.write("second: half\n")
        scans.append(True)
        return False  # by the time the scan reaches the writer, it has closed the file

    monkeypatch.setattr(datafiles, "open_for_writing", writer_finishes_during_the_scan)
    (taken,) = read_settled([path], settle=0.05, patience=5)
    assert taken.content == b"first: half\nsecond: half\n"
    assert len(scans) >= 2  # it read the file again instead of taking the first reading


def test_a_file_open_only_for_reading_is_not_being_written(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with path.open(encoding="utf-8"):
        assert not open_for_writing(path)
