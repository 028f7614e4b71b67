"""The exported artefacts of the service: the GraphQL SDL and the data file's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from graphservice.model import Dataset

__all__ = ["dataset_json_schema", "graphql_sdl", "render", "stale"]


def graphql_sdl() -> str:
    """The GraphQL schema in SDL, as committed in ``schema/schema.graphql``."""
    from graphservice.api.schema import schema  # the API layer sits above this module

    return schema.as_str() + "\n"


def dataset_json_schema() -> str:
    """The JSON Schema of a data file, as committed in ``schema/dataset.schema.json``."""
    document = Dataset.model_json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "dataset.schema.json",
        **document,
        "title": "graphservice dataset",
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render() -> dict[str, str]:
    """Every artefact's file name and expected content."""
    return {"schema.graphql": graphql_sdl(), "dataset.schema.json": dataset_json_schema()}


def stale(out: Path) -> list[str]:
    """Names of artefacts in ``out`` that are missing or differ from what the code produces."""
    found = []
    for name, text in render().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            found.append(name)
    return found
