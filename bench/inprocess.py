"""In-process timings: each operation through the service's execution path, Strawberry's own
``Schema.execute_sync``, bare graphql-core on a pre-parsed, pre-validated document, and the
domain call alone; plus the answer cache and the JSON encoders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphql import execute, parse, validate
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from bench.operations import OPERATIONS, Operation
from bench.timing import ratio, time_calls
from graphservice import jsonio
from graphservice.api.context import Context
from graphservice.api.execution import DOCUMENTS, execute_inline
from graphservice.api.schema import DOCUMENT_CACHE, schema
from graphservice.catalog import Catalog
from graphservice.web.response_cache import CachedAnswer, ResponseCache, cache_key
from graphservice.web.state import load_data

__all__ = ["TARGET_SERVICE_OVER_BARE", "measure"]

TARGET_SERVICE_OVER_BARE = 1.5
"""The service's execution of a cached document may take at most this many times bare graphql-core's."""


def _checked(result: Any, name: str) -> Any:
    if result.errors:
        raise RuntimeError(f"{name}: {[e.message for e in result.errors]}")
    return result.data


def _measure_one(op: Operation, catalog: Catalog, seconds: float) -> dict[str, Any]:
    context = Context(catalog)
    work = catalog.work()
    document = parse(op.document)
    if validate(schema._schema, document):
        raise RuntimeError(f"{op.name} does not validate")
    data = _checked(execute_inline(op.document, op.variables, None, context), op.name)
    body = jsonio.dumps({"data": data})
    answers = ResponseCache()
    answers.put(cache_key("v", op.document, op.variables, None), CachedAnswer(body, op.name, None))

    def service() -> None:
        _checked(execute_inline(op.document, op.variables, None, context), op.name)

    def strawberry() -> None:
        _checked(schema.execute_sync(op.document, op.variables, context), op.name)

    def bare() -> None:
        _checked(
            execute(schema._schema, document, context_value=context, variable_values=op.variables), op.name
        )

    def raw() -> None:
        op.raw(work)

    def answer() -> None:
        assert answers.get(cache_key("v", op.document, op.variables, None)) is not None

    payload = {"data": data}
    timings = {
        "service": time_calls(service, seconds=seconds),
        "strawberry": time_calls(strawberry, seconds=seconds),
        "bare_graphql_core": time_calls(bare, seconds=seconds),
        "raw": time_calls(raw, seconds=seconds),
        "cached_answer": time_calls(answer, seconds=seconds / 4),
        "encode_json": time_calls(
            lambda: json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
            seconds=seconds / 4,
        ),
        "encode_orjson": time_calls(lambda: jsonio.dumps(payload), seconds=seconds / 4),
    }
    med = {k: v["median_us"] for k, v in timings.items()}
    ratios = {
        "service_over_bare": ratio(med["service"], med["bare_graphql_core"]),
        "strawberry_over_bare": ratio(med["strawberry"], med["bare_graphql_core"]),
        "bare_over_raw": ratio(med["bare_graphql_core"], med["raw"]),
        "service_over_raw": ratio(med["service"], med["raw"]),
        "json_over_orjson": ratio(med["encode_json"], med["encode_orjson"]),
    }
    met = ratios["service_over_bare"] is not None and ratios["service_over_bare"] <= TARGET_SERVICE_OVER_BARE
    return {"operation": op.name, "bytes": len(body), **timings, "ratios": ratios, "target_met": met}


def measure(data_file: Path, seconds: float) -> dict[str, Any]:
    """Time every operation for about ``seconds`` per path, against ``data_file``."""
    catalog = load_data([data_file]).catalog
    DOCUMENTS.clear()
    # Strawberry's caches live for the whole process; only what this run adds to them counts.
    strawberry = (_get_parse_cache(DOCUMENT_CACHE), _get_validate_cache(DOCUMENT_CACHE))
    before = [c.cache_info() for c in strawberry]  # type: ignore[attr-defined]
    rows = [_measure_one(op, catalog, seconds) for op in OPERATIONS]
    documents = len({op.document for op in OPERATIONS})
    parses, validations = (
        (after.misses - old.misses, after.hits - old.hits)
        for old, after in zip(before, (c.cache_info() for c in strawberry), strict=True)  # type: ignore[attr-defined]
    )
    return {
        "operations": rows,
        "target_service_over_bare": TARGET_SERVICE_OVER_BARE,
        "all_targets_met": all(r["target_met"] for r in rows),
        "document_cache": {
            "distinct_documents": documents,
            "service_parses": DOCUMENTS.misses,
            "service_hits": DOCUMENTS.hits,
            "strawberry_parses": parses[0],
            "strawberry_hits": parses[1],
            "strawberry_validations": validations[0],
            "strawberry_validation_hits": validations[1],
            "works": DOCUMENTS.misses == documents and parses[0] <= documents and validations[0] <= documents,
        },
        "json_backend": jsonio.BACKEND,
    }
