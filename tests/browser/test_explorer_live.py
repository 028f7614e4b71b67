"""The explorer follows the server's data: a curator's edit, reloaded by the server, reaches an
open page through the dataVersion subscription and the map redraws itself."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from tests.serving import running

from ..conftest import NOVEL
from .test_explorer import open_explorer


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    data = tmp_path / "never-let-me-go.yaml"
    shutil.copy(NOVEL, data)
    with running(str(data), reload_data=True, reload_settle=0.05) as url:
        yield url, data


def test_the_map_follows_a_reload(page: Page, live_server: tuple[str, Path]) -> None:
    server, data = live_server
    open_explorer(page, server)
    page.wait_for_function("() => window.explorerLive && window.explorerLive.version !== null")
    before = page.evaluate("() => window.explorerLive.version")
    assert page.evaluate("() => window.explorer.cy.getElementById('kathy-h').data('label')") == "Kathy H."

    edited = yaml.safe_load(data.read_text(encoding="utf-8"))
    kathy = next(c for c in edited["characters"] if c["slug"] == "kathy-h")
    kathy["name"] = "Kathy H. (edited)"
    temp = data.with_name(".edit.yaml")
    temp.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(temp, data)  # as curators are told to: write elsewhere, then rename

    page.wait_for_function(
        "() => window.explorer.cy.getElementById('kathy-h').data('label') === 'Kathy H. (edited)'",
        timeout=20_000,
    )
    page.wait_for_function("() => window.explorer.status === 'ready'")  # the redraw has settled
    assert page.evaluate("() => window.explorerLive.version") != before
    assert page.evaluate("() => window.explorer.refreshes") == 1
