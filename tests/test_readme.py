"""The README's example queries run without errors on the default library, and shown outputs are exact."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .conftest import ROOT, Run

README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"```(graphql|json|sh)\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, Any]]:
    """Each graphql block, with the json block right after it when there is one."""
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in _BLOCK.finditer(README)]
    found: list[tuple[str, Any]] = []
    for i, (lang, body, _, end) in enumerate(blocks):
        if lang != "graphql":
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        shown = None
        if following and following[0] == "json" and README[end : following[2]].strip() == "":
            shown = json.loads(following[1])
        found.append((body, shown))
    return found


EXAMPLES = _examples()


def test_the_tour_has_examples() -> None:
    assert len(EXAMPLES) >= 8
    assert sum(shown is not None for _, shown in EXAMPLES) >= 1


@pytest.mark.parametrize(("query", "shown"), EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_runs(library_gql: Run, query: str, shown: Any) -> None:
    data = library_gql(query)
    assert all(value not in (None, [], {}) for value in data.values()), data
    if shown is not None:
        assert {"data": data} == shown


def test_ci_runs_the_readme_test_command() -> None:
    commands = [body.strip() for lang, body in _BLOCK.findall(README) if lang == "sh"]
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_local_links_and_images_exist() -> None:
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    local = [t.split("#")[0] for t in targets if not t.startswith(("http://", "https://", "#"))]
    assert local, "the README links to files of the repository"
    missing = [t for t in local if not (ROOT / t).exists()]
    assert not missing, missing


def _missing_ids(document: str) -> list[str]:
    """Selections on a type with an `id` field that do not ask for it (graphql-eslint's
    require-id-when-available rule, which normalised caches need)."""
    from graphql import (
        FieldNode,
        GraphQLInterfaceType,
        GraphQLObjectType,
        InlineFragmentNode,
        SelectionSetNode,
        TypeInfo,
        TypeInfoVisitor,
        Visitor,
        get_named_type,
        parse,
        visit,
    )

    from graphservice.api.schema import schema

    compiled = schema._schema
    info = TypeInfo(compiled)
    missing: list[str] = []

    class RequireId(Visitor):
        def enter_selection_set(self, node: SelectionSetNode, *_: object) -> None:
            kind = get_named_type(info.get_type())
            if isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType)) and "id" in kind.fields:
                asked = {s.name.value for s in node.selections if isinstance(s, FieldNode)}
                inline = any(isinstance(s, InlineFragmentNode) for s in node.selections)
                if "id" not in asked and not inline:
                    missing.append(kind.name)

    visit(parse(document), TypeInfoVisitor(info, RequireId()))
    return missing


def test_readme_operations_are_named_once_and_select_ids() -> None:
    # Code generators want named operations with unique names, and normalised caches want `id`.
    from graphql import OperationDefinitionNode, parse

    names = []
    for query, _ in EXAMPLES:
        (operation,) = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
        assert operation.name is not None, query
        names.append(operation.name.value)
        assert _missing_ids(query) == [], (operation.name.value, _missing_ids(query))
    assert len(names) == len(set(names))
