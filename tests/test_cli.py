"""The command line: validate, export-schema and serve's refusal of bad data, with exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from graphservice.cli import main

from .conftest import FIXTURES, LIGHTHOUSE, ROOT

SOURCE = FIXTURES / "lighthouse-source.txt"


def test_validate_ok_with_source() -> None:
    result = CliRunner().invoke(main, ["validate", str(LIGHTHOUSE), "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    assert "lighthouse.yaml: ok (5 characters, 5 relationships, 2 quotes; 19 verbatim texts" in result.output


def test_validate_lists_every_miss(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text(
        SOURCE.read_text(encoding="utf-8").replace("said Orrin", "Orrin said"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(LIGHTHOUSE), "--source", str(source)])
    assert result.exit_code == 1
    assert "1 text(s) not found verbatim" in result.output
    assert "quotes[1] 'lamps-and-moths'.attributions[0].evidence[0].text" in result.output


def test_validate_reports_data_errors() -> None:
    result = CliRunner().invoke(main, ["validate", str(FIXTURES / "broken" / "unknown-reference.yaml")])
    assert result.exit_code == 1
    assert "did you mean 'bruno'?" in result.output


def test_export_schema_check(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export-schema", "--check", "--out", str(tmp_path)]).exit_code == 1
    assert runner.invoke(main, ["export-schema", "--out", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["export-schema", "--check", "--out", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["export-schema", "--check", "--out", str(ROOT / "schema")]).exit_code == 0


def test_serve_refuses_invalid_data_with_exit_code_1() -> None:
    bad = FIXTURES / "broken" / "bad-kind.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "graphservice", "serve", "--data", str(bad), "--port", "8765"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert f"{bad}: relationships[0] 'anna-bruno-friendship'.kind" in proc.stderr


def test_serve_refuses_bad_settings(monkeypatch: object) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "graphservice", "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"GRAPHSERVICE_PORT": "0", "PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 1
    assert "GRAPHSERVICE_PORT" in proc.stderr
