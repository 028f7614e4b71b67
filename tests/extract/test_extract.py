"""`graphservice extract`: a draft that validates against its text, serves, and answers queries;
nothing written on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graphservice.cli import main
from graphservice.loader import load_dataset
from graphservice.verify import find_misses

HARBOUR = Path(__file__).parent.parent / "fixtures" / "extract" / "harbour.txt"


def test_extract_validate_serve_and_query_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "harbour.yaml"
    result = CliRunner().invoke(main, ["extract", str(HARBOUR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "extract: 2 periods" in result.stderr and "drafted 5 characters" in result.stdout
    dataset = load_dataset(out)
    assert find_misses(dataset, HARBOUR.read_text(encoding="utf-8")) == []
    assert dataset.work.title == "The Harbour Light" and dataset.work.author == "Agnes Morrow"
    validated = CliRunner().invoke(main, ["validate", str(out), "--source", str(HARBOUR)])
    assert validated.exit_code == 0, validated.output

    from starlette.testclient import TestClient

    from graphservice.settings import Settings
    from graphservice.web.app import create_app

    query = """{
      character(name: "Tobias") { slug drafted { method } }
      quotes(speaker: "tobias-venn") { totalCount }
      graph(minConfidence: 0.8) { edges { source target kind confidence } }
    }"""
    with TestClient(create_app(Settings(data=[out]))) as client:
        answer = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in answer, answer
    data = answer["data"]
    assert data["character"] == {"slug": "tobias-venn", "drafted": {"method": "full-name"}}
    assert data["quotes"]["totalCount"] == 4
    assert {(e["source"], e["target"]) for e in data["graph"]["edges"]} == {
        ("tobias-venn", "silas-penhallow")
    }


def test_json_by_suffix_and_options_override_the_text(tmp_path: Path) -> None:
    out = tmp_path / "h.json"
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(HARBOUR),
            "--out",
            str(out),
            "--slug",
            "light",
            "--title",
            "Light",
            "--author",
            "A. M.",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    work = json.loads(out.read_text(encoding="utf-8"))["work"]
    assert (work["slug"], work["title"], work["author"]) == ("light", "Light", "A. M.")


@pytest.mark.parametrize(
    ("content", "out_name", "message"),
    [
        (b"", "draft.yaml", "the text is empty"),
        (b"\x00\x01\x02binary", "draft.yaml", "binary file"),
        (("Ein kurzer Satz auf Deutsch ohne englische Worte darin. " * 30).encode(), "draft.yaml", "English"),
        (None, "draft.txt", "written as YAML"),
    ],
)
def test_failures_are_clear_and_write_nothing(
    tmp_path: Path, content: bytes | None, out_name: str, message: str
) -> None:
    text = HARBOUR
    if content is not None:
        text = tmp_path / "book.txt"
        text.write_bytes(content)
    out = tmp_path / out_name
    result = CliRunner().invoke(main, ["extract", str(text), "--out", str(out)])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == ([text] if content is not None else [])


def test_the_draft_marks_every_record_with_how_it_was_found(tmp_path: Path) -> None:
    out = tmp_path / "h.yaml"
    CliRunner().invoke(main, ["extract", str(HARBOUR), "--out", str(out), "--quiet"])
    raw = yaml.safe_load(out.read_text(encoding="utf-8"))
    records = [*raw["characters"], *raw["relationships"], *raw["quotes"]]
    records += [a for q in raw["quotes"] for a in q["attributions"]]
    assert records and all(0 <= r["drafted"]["confidence"] <= 1 and r["drafted"]["method"] for r in records)
