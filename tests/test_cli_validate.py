"""``graphservice validate`` on files that once made it print a traceback: a clean error, exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from graphservice.cli import main

from .conftest import FIXTURES, LIGHTHOUSE


def test_validate_reports_a_complex_key_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "complex.yaml"
    path.write_text("format_version: 1\n? [a, b]: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    assert "Traceback" not in result.output
    assert (
        f"error: 1 problem in the data:\n  - {path}: line 2, column 3: invalid YAML: a key is"
        in result.output
    )


def test_validate_checks_every_data_file_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(LIGHTHOUSE, tmp_path / "lighthouse.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "sub" / "minimal.yaml")
    (tmp_path / "README.md").write_text("not a work\n")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "lighthouse.yaml: ok" in result.output and "minimal.yaml: ok" in result.output
    shutil.copy(FIXTURES / "broken" / "yaml-syntax.yaml", tmp_path / "sub" / "broken.yaml")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1  # validate is strict: a curator fixes every file
    assert f"{tmp_path / 'sub' / 'broken.yaml'}: line" in result.output


def test_validate_says_when_a_folder_holds_no_data_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "no data files in the folder" in result.output
