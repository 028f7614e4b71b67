"""The exported artefacts of the service: the GraphQL SDL, the data file's JSON Schema, the
possible types of its abstract types (for Apollo Client's ``possibleTypes``) and the manifest of
its trusted documents (the explorer's operations and the README's)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from graphservice.model import Dataset

__all__ = [
    "EXPLORER_SCRIPTS",
    "dataset_json_schema",
    "graphql_sdl",
    "possible_types",
    "render",
    "shipped_documents",
    "stale",
    "trusted_documents",
]

EXPLORER_SCRIPTS = tuple(
    Path(__file__).parent / "web" / "static" / "explorer" / name for name in ("explorer.js", "live.js")
)
_SCRIPT_QUERY = re.compile(r"const (\w+_(?:QUERY|SUBSCRIPTION)) = `(.*?)`;", re.DOTALL)
_README_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)


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


def possible_types() -> dict[str, list[str]]:
    """Each interface and union with the object types that implement or belong to it: what
    Apollo Client's ``possibleTypes`` option (and urql's graphcache) need for fragments on them."""
    from graphql import GraphQLInterfaceType, GraphQLUnionType

    from graphservice.api.schema import schema

    compiled = schema._schema
    found: dict[str, list[str]] = {}
    for name, kind in sorted(compiled.type_map.items()):
        if name.startswith("__") or not isinstance(kind, (GraphQLInterfaceType, GraphQLUnionType)):
            continue
        found[name] = sorted(t.name for t in compiled.get_possible_types(kind))
    return found


def shipped_documents(readme: Path | None = None) -> list[str]:
    """The documents this project ships: the explorer's operations, then the README's examples
    (``readme``, when given: it lies beside the package in a clone, not in an installed copy)."""
    documents = [
        text for script in EXPLORER_SCRIPTS for _, text in _SCRIPT_QUERY.findall(script.read_text("utf-8"))
    ]
    if readme is not None:
        documents += _README_BLOCK.findall(readme.read_text("utf-8"))
    return documents


def trusted_documents(readme: Path | None = None) -> str:
    """The trusted-documents manifest of the shipped documents: SHA-256 of each text to the text."""
    documents = {hashlib.sha256(d.encode()).hexdigest(): d for d in shipped_documents(readme)}
    return json.dumps(documents, indent=2, ensure_ascii=False) + "\n"


def render(readme: Path | None = Path("README.md")) -> dict[str, str]:
    """Every artefact's file name and expected content (the README's documents when ``readme``
    exists: export from a clone's root)."""
    return {
        "schema.graphql": graphql_sdl(),
        "dataset.schema.json": dataset_json_schema(),
        "possible-types.json": json.dumps(possible_types(), indent=2) + "\n",
        "trusted-documents.json": trusted_documents(readme if readme and readme.exists() else None),
    }


def stale(out: Path) -> list[str]:
    """Names of artefacts in ``out`` that are missing or differ from what the code produces."""
    found = []
    for name, text in render().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            found.append(name)
    return found
