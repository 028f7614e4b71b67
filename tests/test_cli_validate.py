"""``graphservice validate`` on files that once made it print a traceback: a clean error, exit 1."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graphservice.cli import main


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
