"""bench/extraction.py measures a drafted data file against a hand annotation. These tests run it on a
story made up for them (tests/fixtures/extraction/): a hand annotation and a hand-written draft with
known mistakes, so each measure is seen counting right and counting wrong. They never read ../shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.extraction import (
    InputError,
    Source,
    evaluate,
    first_part,
    load_gold,
    locate_quotes,
    main,
    name_key,
    parse_gold,
)
from graphservice.loader import load_dataset
from graphservice.model import Dataset

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"
TEXT = FIXTURES / "harbour-light.txt"
GOLD = FIXTURES / "harbour-light.gold.yaml"
DRAFT = FIXTURES / "harbour-light.draft.yaml"
ANNOTATIONS = sorted((ROOT / "bench" / "annotations").glob("*.yaml"))


@pytest.fixture(scope="module")
def draft() -> Dataset:
    return load_dataset(DRAFT)


@pytest.fixture(scope="module")
def results(draft: Dataset) -> dict[str, Any]:
    return evaluate(draft, load_gold(GOLD), TEXT.read_text(encoding="utf-8"))


def _evaluate(draft: Dataset) -> dict[str, Any]:
    return evaluate(draft, load_gold(GOLD), TEXT.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------- characters


def test_character_recall_counts_the_found_and_misses_the_absent(results: dict[str, Any]) -> None:
    ch = results["characters"]
    assert (ch["found"], ch["gold"], ch["recall"]) == (4, 5, 0.8)
    assert ch["missed"] == ["Hester Ward"]
    assert ch["gold_unnamed"] == 1  # the ferryman has no name to match, so recall leaves him out


def test_character_precision_counts_a_drafted_non_character_against_the_draft(
    results: dict[str, Any],
) -> None:
    ch = results["characters"]
    assert (ch["matching_drafted"], ch["drafted"]) == (5, 6)
    assert ch["unmatched_drafted"] == ["lamp"]


def test_a_main_character_over_two_nodes_is_a_split_and_one_node_is_not(results: dict[str, Any]) -> None:
    splits = results["characters"]["splits"]
    assert splits == {"Silas Ward": ["silas-ward", "silas"]}
    assert "Toby Finch" not in splits and "Agnes Thorne" not in splits


def test_a_node_matching_two_gold_characters_is_a_merge(results: dict[str, Any]) -> None:
    assert results["characters"]["merges"] == {"nell": ["Nell", "The Ferryman"]}


def test_a_node_named_by_an_epithet_matches_only_in_the_lenient_reading(draft: Dataset) -> None:
    silas = next(c for c in draft.characters if c.slug == "silas")
    nephew = silas.model_copy(update={"name": "Her Nephew"})  # one of Toby Finch's epithets
    characters = [nephew if c.slug == "silas" else c for c in draft.characters]
    results = _evaluate(draft.model_copy(update={"characters": characters}))
    assert results["characters"]["named_by_epithet"] == {"silas": ["Toby Finch"]}
    assert "silas" in results["characters"]["unmatched_drafted"]
    # "She has you there, Captain!" is given to that node: wrong by name, right with epithets
    assert results["quotes"]["speaker_right"] == 6
    assert results["quotes"]["with_epithets"]["speaker_right"] == 7


def test_names_match_ignoring_case_punctuation_and_a_leading_article() -> None:
    assert name_key("Mr. Scrooge") == name_key("mr scrooge") == "mr scrooge"
    assert name_key("The Ghost of Christmas Yet-To-Come") == "ghost of christmas yet to come"
    assert name_key("Dr. Lanyon’s") == "dr lanyons"  # noqa: RUF001 - the curly apostrophe is the point
    assert name_key("Old Joe") != name_key("Joe")


# ---------------------------------------------------------------------------------- alias resolution


def test_alias_resolution_goes_through_the_api_lookup(results: dict[str, Any]) -> None:
    rows = {r["character"]: r for r in results["alias_resolution"]["main"]}
    assert (rows["Toby Finch"]["resolved"], rows["Toby Finch"]["names"]) == (3, 3)
    assert rows["Toby Finch"]["failures"] == {}
    assert rows["Agnes Thorne"]["failures"] == {"Miss Thorne": "not found"}
    assert rows["Silas Ward"]["node"] == "silas-ward"
    assert rows["Silas Ward"]["failures"] == {"Silas Ward": "not found", "Silas": "resolves to 'silas'"}
    assert (results["alias_resolution"]["resolved"], results["alias_resolution"]["names"]) == (8, 11)


def test_an_alias_two_nodes_share_is_ambiguous(draft: Dataset) -> None:
    nell = next(c for c in draft.characters if c.slug == "nell")
    muddled = nell.model_copy(update={"aliases": [*nell.aliases, "Toby"]})
    characters = [muddled if c.slug == "nell" else c for c in draft.characters]
    rows = {
        r["character"]: r
        for r in _evaluate(draft.model_copy(update={"characters": characters}))["alias_resolution"]["main"]
    }
    assert rows["Toby Finch"]["node"] == "toby"
    assert rows["Toby Finch"]["failures"] == {"Toby": "ambiguous"}


# --------------------------------------------------------------------------------------------- pairs


def test_pair_recall_finds_drafted_pairs_in_either_direction_and_misses_the_absent(
    results: dict[str, Any],
) -> None:
    pairs = results["pairs"]
    assert (pairs["found"], pairs["gold"]) == (2, 3)  # toby -> agnes is drafted the other way round
    assert pairs["missed"] == [["Silas Ward", "Toby Finch"]]


def test_pair_precision_judges_only_gold_characters_in_scope(results: dict[str, Any]) -> None:
    pairs = results["pairs"]
    # judged: agnes/silas-ward (right), agnes/toby (right), nell/silas-ward (wrong); not judged:
    # agnes/nell (evidence in PART THREE, outside the scope) and lamp/agnes (the lamp is no character).
    assert (pairs["right"], pairs["judged"], pairs["drafted_relationships"]) == (2, 3, 5)
    assert pairs["wrong"] == [["nell", "silas-ward"]]


# -------------------------------------------------------------------------------------------- quotes


def test_quotes_found_and_missed(results: dict[str, Any]) -> None:
    quotes = results["quotes"]
    assert (quotes["found"], quotes["gold"]) == (9, 10)
    assert quotes["missed"] == ["Mind your tongue, boy"]
    # a drafted text that runs on past its speech tag, or keeps its quotation marks, still finds it
    found = {r["start"]: r.get("drafted") for r in quotes["rows"]}
    assert found["The lamp is never late"] == "never-late"
    assert found["She has you there, Captain!"] == "has-you-there"


def test_speaker_right_and_wrong_with_the_best_attribution(results: dict[str, Any]) -> None:
    quotes = results["quotes"]
    # the null-speaker line ("Let me in") is found but not judged
    assert (quotes["speaker_right"], quotes["judged"], quotes["gold_with_speaker"]) == (6, 8, 9)
    wrong = {w["start"]: w["drafted"] for w in quotes["wrong_speaker"]}
    # has-you-there: the turn-taking guess (0.4) beats the right co-occurrence one (0.3), so it is wrong
    assert wrong == {"She has you there, Captain!": "silas", "I have minded it for years": "agnes"}


def test_speaker_accuracy_by_method_counts_curated_attributions_as_certain(results: dict[str, Any]) -> None:
    by_method = {m: (c["right"], c["judged"]) for m, c in results["quotes"]["by_method"].items()}
    assert by_method == {"curated": (1, 1), "speech-tag": (4, 4), "turn-taking": (1, 3)}


def test_a_merged_speaker_counts_for_each_gold_character_it_matches(results: dict[str, Any]) -> None:
    row = next(r for r in results["quotes"]["rows"] if r["start"] == "Storm by midnight")
    assert (row["speaker"], row["gold_speaker"], row["right"]) == ("nell", "The Ferryman", True)


def test_a_drafted_narration_in_scope_is_spurious_and_one_outside_is_not_judged(
    results: dict[str, Any],
) -> None:
    assert results["quotes"]["spurious_in_scope"] == ["cup"]


def test_a_gold_quote_in_the_second_part_of_a_drafted_quote_is_not_found(draft: Dataset) -> None:
    joined = next(q for q in draft.quotes if q.slug == "third-step").model_copy(
        update={
            "text": 'Mind the third step, Toby!" Agnes called after him. "I have minded it for years, aunt.'
        }
    )
    quotes = [joined, *(q for q in draft.quotes if q.slug not in {"third-step", "minded"})]
    found = {
        r["start"]: r.get("drafted")
        for r in _evaluate(draft.model_copy(update={"quotes": quotes}))["quotes"]["rows"]
    }
    assert found["Mind the third step, Toby!"] == "third-step"
    assert found["I have minded it for years"] is None


def test_first_part_stops_at_the_first_double_quotation_mark() -> None:
    assert first_part('"Bah!" said Scrooge, "Humbug!"') == "Bah!"
    assert first_part("“Well,” said Mr. Enfield") == "Well,"
    assert first_part("I couldn't say") == "I couldn't say"


def test_gold_starts_are_located_in_order_after_an_opening_mark() -> None:
    gold = load_gold(GOLD)
    source = Source(TEXT.read_text(encoding="utf-8"), gold.sections)
    placed = locate_quotes(gold, source)
    assert [p.section for p in placed] == ["PART ONE"] * 6 + ["PART TWO"] * 4
    # "Mind your tongue" and "Mind the third step" both begin with "Mind": each is found in its place
    assert source.norm[placed[3].position :].startswith("Mind your tongue")
    assert all(source.norm[p.position - 1] == '"' for p in placed)


# ----------------------------------------------------------------------------------- command line


def _run(*args: str) -> int:
    return main(["--draft", str(DRAFT), "--gold", str(GOLD), "--text", str(TEXT), *args])


def test_the_command_prints_a_table_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], results: dict[str, Any]
) -> None:
    out = tmp_path / "results.json"
    assert _run("--out", str(out)) == 0
    table = capsys.readouterr().out
    assert "quotes: found" in table and "9 / 10" in table and "by method: turn-taking" in table
    assert "split: Silas Ward -> silas-ward, silas" in table
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["quotes"]["found"] == 9
    assert {k: written[k] for k in results} == json.loads(json.dumps(results))


@pytest.mark.parametrize("which", ["--draft", "--gold", "--text"])
def test_a_missing_file_exits_2_naming_it(
    which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"--draft": DRAFT, "--gold": GOLD, "--text": TEXT}
    missing = tmp_path / files[which].name
    files[which] = missing
    argv = [part for flag, path in files.items() for part in (flag, str(path))]
    assert main(argv) == 2
    assert str(missing) in capsys.readouterr().err


def test_a_draft_that_does_not_validate_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "draft.yaml"
    broken.write_text(DRAFT.read_text(encoding="utf-8").replace("speaker: agnes", "speaker: agnez"))
    assert main(["--draft", str(broken), "--gold", str(GOLD), "--text", str(TEXT)]) == 2
    assert "unknown character 'agnez'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "speaker: Toby Finch}",
            "speaker: Toby Finchh}",
            "'Toby Finchh' is not the name of a listed character",
        ),
        ('"Tea, Silas?"', '"Coffee, Silas?"', "'Coffee, Silas?': not found"),
        (
            "scope: [PART ONE, PART TWO]",
            "scope: [PART ONE, PART FOUR]",
            "'PART FOUR' is not one of the sections",
        ),
        ("  - name: Nell\n", "  - name: Nell\n    nickname: Nelly\n", "unknown key 'nickname'"),
        ("text: harbour-light.txt", "text: another-book.txt", "annotates 'another-book.txt'"),
        ("quotes:", "quotes: [", "invalid YAML"),
    ],
)
def test_a_malformed_annotation_exits_2_with_the_reason(
    old: str, new: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = GOLD.read_text(encoding="utf-8")
    assert old in source
    gold = tmp_path / "gold.yaml"
    gold.write_text(source.replace(old, new, 1), encoding="utf-8")
    assert main(["--draft", str(DRAFT), "--gold", str(gold), "--text", str(TEXT)]) == 2
    assert message in capsys.readouterr().err


def test_a_heading_that_is_not_a_whole_line_of_the_text_is_refused() -> None:
    with pytest.raises(InputError, match="'PART TWO' is not a whole line"):
        Source("PART ONE\n\nSome text. PART TWO\n", ["PART ONE", "PART TWO"])


# ------------------------------------------------------------------------------- the annotations


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_the_book_annotations_are_well_formed(path: Path) -> None:
    gold = load_gold(path)  # speakers, addressees and pairs name listed characters; scope in sections
    assert gold.text == f"{path.stem}.txt"
    assert len(gold.quotes) >= 150
    assert gold.pairs and any(c.main for c in gold.characters)
    assert all(c.named for c in gold.characters if c.main)


def test_parse_gold_collects_every_problem() -> None:
    with pytest.raises(InputError) as info:
        parse_gold({"text": "x.txt", "characters": [{"name": "A"}], "scope": [], "quotes": [{}]}, "g")
    problems = info.value.problems
    assert any("scope: list at least one" in p for p in problems)
    assert any("quotes[0]: expected a mapping with a non-empty 'start'" in p for p in problems)
