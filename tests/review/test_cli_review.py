"""``graphservice review``: the report, the HTML page, acceptances in the file, exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphservice.cli import main

from .conftest import CLEAN, FIXTURES, SOURCE

SUPPORT = FIXTURES / "support-trips.yaml"
OWN_WORDS = FIXTURES / "own-words-trips.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["review", *map(str, args)])


def test_a_clean_file_exits_0() -> None:
    result = run(CLEAN, "--source", SOURCE)
    assert result.exit_code == 0, result.output
    assert result.output == f"{CLEAN}: 0 finding(s) (0 severe): none; 0 accepted\n"


@pytest.mark.parametrize(
    ("path", "fail_on", "status"),
    [
        (SUPPORT, "severe", 1),
        (SUPPORT, "none", 0),
        (OWN_WORDS, "severe", 0),  # own words and coverage are not severe
        (OWN_WORDS, "any", 1),
    ],
)
def test_exit_status_follows_fail_on(path: Path, fail_on: str, status: int) -> None:
    assert run(path, "--source", SOURCE, "--fail-on", fail_on).exit_code == status


def test_accepting_every_severe_finding_in_the_file_passes(tmp_path: Path) -> None:
    ids = [
        line[2:]
        for line in run(SUPPORT, "--source", SOURCE).output.splitlines()
        if line.startswith("- support:")
    ]
    assert len(ids) == 4
    accepted = "".join(f"  - finding: {i}\n    reason: Read against the text; it stands.\n" for i in ids)
    path = tmp_path / "accepted.yaml"
    path.write_text(SUPPORT.read_text(encoding="utf-8") + "review:\n" + accepted, encoding="utf-8")
    result = run(path, "--source", SOURCE)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path}: 3 finding(s) (0 severe): 3 coverage; 4 accepted\n")
    assert "[accepted]" not in result.output
    assert run(path, "--source", SOURCE, "--all").output.count("[accepted]") == 4


def test_a_stale_acceptance_is_reported_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stale.yaml"
    extra = "review:\n  - finding: support:nothing:12345678\n    reason: Once.\n"
    path.write_text(CLEAN.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run(path, "--source", SOURCE)
    assert result.exit_code == 0  # stale is not severe
    assert "accepted finding 'support:nothing:12345678' matches no current finding" in result.output
    assert run(path, "--source", SOURCE, "--fail-on", "any").exit_code == 1
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0


def test_html_writes_a_page(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = run(SUPPORT, "--source", SOURCE, "--html", out, "--fail-on", "none")
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "support:silas-crane-ada-stone-manipulation:c74a5b3c" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "error: 1 problem in the data:\n  - {path}: file not found"),
        (
            "format_version: 1\nwork: [",
            "error: 1 problem in the data:\n  - {path}: line 3, column 1: invalid YAML",
        ),
        (
            "format_version: 1\n",
            "error: 2 problems in the data:\n  - {path}: work: required field is missing",
        ),
    ],
)
def test_a_missing_or_invalid_file_is_a_clean_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "book.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run(path, "--source", SOURCE)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert message.format(path=path) in result.output


def test_a_missing_source_is_a_clean_error(tmp_path: Path) -> None:
    result = run(CLEAN, "--source", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"error: {tmp_path / 'missing.txt'}: cannot read the source text" in result.output
