"""Persisted documents: Apollo's automatic persisted queries (APQ) and a trusted-documents manifest.

Strawberry has no APQ (its issue #1707), so the protocol is implemented here, as Apollo Server
does it, for Apollo Client's stock ``PersistedQueryLink`` and any client that speaks it:

- a request may carry ``extensions.persistedQuery = {version: 1, sha256Hash}`` and no ``query``;
  the server answers from the document it keeps under that hash, or with the error
  ``PersistedQueryNotFound`` (code ``PERSISTED_QUERY_NOT_FOUND``, HTTP 200 and ``no-cache``, as
  Apollo Server does: the link then sends the hash again with the whole query);
- a request with both is checked (the hash must be the SHA-256 of the query text) and, once the
  document validates, its text is kept under the hash: a bounded, least-recently-used store in
  each worker process (a worker that has not seen a hash says NOT_FOUND, and the client's retry
  with the text registers it there: correct with any number of workers, at one extra round trip);
- ``documentId`` (the GraphQL-over-HTTP persisted-documents draft; ``sha256:<hex>`` or the bare
  hex) names a document of the trusted manifest, or one kept by APQ.

The **trusted-documents manifest** lists the documents an operator allows: a JSON object mapping
each SHA-256 hash to its text (the form Relay's compiler and GraphQL Code Generator write), or
Apollo's ``apollo-persisted-query-manifest``. With ``trusted_only``, any other document is refused
(``TRUSTED_DOCUMENTS_ONLY``) and APQ registers nothing. ``graphservice export-schema`` writes the
service's own manifest (the explorer's operations and the README's) to
``schema/trusted-documents.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse

from graphservice.errors import DataError, DataProblem
from graphservice.web.graphql_request import Params, Problem

__all__ = [
    "APQ_MAX_BYTES",
    "NOT_FOUND_CODE",
    "Persisted",
    "PersistedQueries",
    "load_manifest",
    "operation_names",
    "sha256_of",
]

NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
APQ_MAX_BYTES = 8 * 1024 * 1024
"""Most bytes of document text the APQ store keeps per process."""
_MAX_DOCUMENT = 64 * 1024
"""Longest document APQ keeps."""
_HASH = re.compile(r"^[0-9a-f]{64}$")
_NO_CACHE = {"Cache-Control": "private, no-cache, must-revalidate"}


def operation_names(documents: Iterable[str]) -> set[str]:
    """The names of the operations in some documents (those that do not parse are skipped)."""
    names: set[str] = set()
    for text in documents:
        try:
            document = parse(text)
        except GraphQLError:
            continue
        names |= {
            d.name.value for d in document.definitions if isinstance(d, OperationDefinitionNode) and d.name
        }
    return names


def sha256_of(text: str) -> str:
    """The hex SHA-256 of a document's UTF-8 text, as APQ and the manifests name documents."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PersistedQueries:
    """Document texts by hash, least recently used out, bounded in bytes; safe across threads."""

    def __init__(self, max_bytes: int = APQ_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, digest: str) -> str | None:
        """The text kept under ``digest``, if any."""
        with self._lock:
            text = self._texts.get(digest)
            if text is not None:
                self._texts.move_to_end(digest)
            return text

    def put(self, digest: str, text: str) -> None:
        """Keep a text under its hash (the caller has checked that it is its hash)."""
        if len(text) > _MAX_DOCUMENT:
            return
        with self._lock:
            if digest in self._texts:
                self._texts.move_to_end(digest)
                return
            self._texts[digest] = text
            self._bytes += len(text)
            while self._bytes > self.max_bytes:
                _, dropped = self._texts.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._texts)


def load_manifest(path: Path) -> dict[str, str]:
    """Read a trusted-documents manifest; every hash must be its text's SHA-256.

    Raises DataError naming the file, the entry and the reason.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as exc:
        raise _bad(path, "", f"cannot read the trusted-documents manifest: {exc}") from None
    entries: list[tuple[str, Any]]
    if isinstance(raw, dict) and raw.get("format") == "apollo-persisted-query-manifest":
        operations = raw.get("operations")
        if not isinstance(operations, list):
            raise _bad(path, "", "an Apollo manifest needs an `operations` list")
        entries = [
            (str(op.get("id")), op.get("body")) if isinstance(op, dict) else (f"#{i}", op)
            for i, op in enumerate(operations)
        ]
    elif isinstance(raw, dict):
        entries = list(raw.items())
    else:
        raise _bad(path, "", "a manifest is a JSON object of hash to document text")
    documents: dict[str, str] = {}
    for key, text in entries:
        digest = key.removeprefix("sha256:")
        if not isinstance(text, str) or not _HASH.match(digest):
            raise _bad(path, f"entry '{key}'", "expected a SHA-256 hex hash mapped to a document text")
        if sha256_of(text) != digest:
            raise _bad(path, f"entry '{key}'", "the hash is not the SHA-256 of its text")
        documents[digest] = text
    return documents


def _bad(path: Path, record: str, reason: str) -> DataError:
    return DataError([DataProblem(str(path), record, reason)])


@dataclass(frozen=True, slots=True)
class Persisted:
    """What the endpoint knows of persisted documents: the APQ store, the manifest, the mode."""

    store: PersistedQueries
    trusted: Mapping[str, str]
    trusted_only: bool = False

    def resolve(self, params: Params) -> tuple[Params, str | None]:
        """The request's parameters with its document's text, and the hash to register once the
        document validates (None when there is nothing to register).

        Raises Problem: NOT_FOUND for an unknown hash, 400 for a malformed request or a text that
        does not match its hash, TRUSTED_DOCUMENTS_ONLY for a document outside the manifest.
        """
        digest = self._requested_hash(params)
        if digest is None:
            if self.trusted_only and sha256_of(params.query) not in self.trusted:
                raise _untrusted()
            return params, None
        if params.query:
            if sha256_of(params.query) != digest:
                raise Problem(400, "BAD_REQUEST", "provided sha does not match query")
            if self.trusted_only and digest not in self.trusted:
                raise _untrusted()
            return params, (None if digest in self.trusted or self.trusted_only else digest)
        text = self.trusted.get(digest)
        if text is None and not self.trusted_only:
            text = self.store.get(digest)
        if text is None:
            raise Problem(200, NOT_FOUND_CODE, "PersistedQueryNotFound", dict(_NO_CACHE))
        return replace(params, query=text), None

    @staticmethod
    def _requested_hash(params: Params) -> str | None:
        if params.document_id is not None:
            digest = params.document_id.removeprefix("sha256:")
            if not _HASH.match(digest):
                raise Problem(400, "BAD_REQUEST", "`documentId` must be `sha256:` and 64 hex digits")
            return digest
        persisted = (params.extensions or {}).get("persistedQuery")
        if persisted is None:
            return None
        if not isinstance(persisted, dict):
            raise Problem(400, "BAD_REQUEST", "`extensions.persistedQuery` must be an object")
        if persisted.get("version") != 1:
            raise Problem(400, "BAD_REQUEST", "Unsupported persisted query version")
        given = persisted.get("sha256Hash")
        if not isinstance(given, str) or not _HASH.match(given):
            raise Problem(400, "BAD_REQUEST", "`persistedQuery.sha256Hash` must be 64 lower-case hex digits")
        return given


def _untrusted() -> Problem:
    return Problem(
        400,
        "TRUSTED_DOCUMENTS_ONLY",
        "this server runs only its trusted documents: send one of them, or its hash as "
        "`documentId` or `extensions.persistedQuery`",
    )
