"""Settings: environment first, then defaults; bad values name the variable; all are documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphservice.settings import ENV_PREFIX, Settings, SettingsError, load_settings

from .conftest import ROOT


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(ENV_PREFIX + name.upper(), raising=False)
    settings = load_settings()
    assert (settings.host, settings.port, settings.data) == (
        "127.0.0.1",
        8000,
        (
            Path("data/never-let-me-go.yaml"),
            Path("data/a-christmas-carol.yaml"),
            Path("data/strange-case-of-dr-jekyll-and-mr-hyde.yaml"),
        ),
    )


def test_environment_and_comma_separated_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHSERVICE_PORT", "9001")
    monkeypatch.setenv("GRAPHSERVICE_DATA", "a.yaml, b.yaml")
    settings = load_settings()
    assert settings.port == 9001
    assert settings.data == (Path("a.yaml"), Path("b.yaml"))


def test_explicit_overrides_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHSERVICE_PORT", "9001")
    assert load_settings(port=9002).port == 9002


def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHSERVICE_PORT", "eighty")
    with pytest.raises(SettingsError, match="GRAPHSERVICE_PORT: Input should be a valid integer"):
        load_settings()


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert f"`{ENV_PREFIX}{name.upper()}`" in readme, name
        assert field.description, name
