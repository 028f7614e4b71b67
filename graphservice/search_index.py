"""A library's search index: every searchable text of every work, for one ranked search across them.

A work's own search (graphservice/queries/search.py) scores every text of the work with
rapidfuzz; over thousands of works that would load them all. Here the same texts (names, aliases,
descriptions, scene summaries, quote texts and variants) are kept in SQLite's full-text index
(FTS5), in a private temporary database whose pages beyond a small cache live in a file, not in
the process. A search finds candidate texts by their words, then scores only those with the
work search's own scoring, so the scores and order are the ones a work's search gives; only what
a hit asks for (its record) loads its work.

How candidates are found, and so what may differ from searching each work (docs/benchmarks.md):

- each word of the search finds the indexed words it begins, and the words rapidfuzz finds
  near it in the index's vocabulary (``fuzz.ratio`` at least ``NEAR_WORD``, so "tomy" finds
  "tommy"), and, for a word of three letters or more, up to ``MAX_INSIDE`` words holding it
  ("river" finds "downriver"); a slip inside a word that is neither is not found;
- a name or alias is a candidate when it holds any word of the search, a longer text only when
  it holds every word (its scoring asks for the whole search inside it, or all its words);
- when more than ``MAX_CANDIDATES`` texts are candidates, FTS5's own ranking (bm25) chooses
  which are scored.

The index is built off the request path: ``sync`` takes a catalog's entries; a few works are
indexed at once, many in a background thread, reading each file's searchable fields with msgspec
(or, for a work already loaded, from the work). A reload syncs again: works whose digest did not
change are kept, a changed one's texts replaced, a removed one's dropped. Until the index holds
exactly the catalog's works, ``search`` raises :class:`SearchIndexNotReady` rather than answer from
part of the library.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import msgspec
from rapidfuzz import fuzz, process, utils

from graphservice.catalog import Catalog, LoadedWork, WorkEntry
from graphservice.datafiles import read_file
from graphservice.errors import DataError, GraphServiceError
from graphservice.loader import read_mapping
from graphservice.queries.limits import check_range
from graphservice.queries.search import KIND_ORDER, FieldName, Hit, RecordKind, normalise_query, score_text
from graphservice.queries.search import searchable as loaded_texts

__all__ = ["LibraryIndex", "SearchIndexNotReady", "file_texts", "fts5_available"]

NEAR_WORD = 75.0
"""Least ``fuzz.ratio`` of an indexed word to a word of the search for it to be looked up."""
MAX_INSIDE = 50
"""Most indexed words holding a word of the search (of three letters or more) looked up."""
MAX_CANDIDATES = 5000
"""Most texts scored for one search."""
AT_ONCE = 50
"""Most works ``sync`` indexes in the caller's thread; more are indexed in the background."""
BATCH = 25
"""Works indexed in one transaction, between pauses of ``PAUSE`` seconds."""
PAUSE = 0.01
CACHE_BYTES = 16 * 2**20
"""SQLite's page cache: the most of the index held in memory (the rest is in a temporary file)."""
_SHORT = frozenset({"name", "alias"})  # the fields scored as names (WRatio)
_ROW_BITS = 24  # a work's texts have the row ids id << _ROW_BITS onwards

Text = tuple[RecordKind, str, FieldName, str]
"""A searchable field: record kind, record slug, field, text."""


class SearchIndexNotReady(GraphServiceError):
    """The library's search index does not hold every work served yet; try again shortly."""

    code = "SEARCH_INDEX_NOT_READY"


@functools.cache
def fts5_available() -> bool:
    """Whether this Python's SQLite has the FTS5 full-text index."""
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as db:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.Error:
        return False
    return True


class _Named(msgspec.Struct):
    slug: str
    name: str
    aliases: list[str] = []
    description: str = ""


class _Event(msgspec.Struct):
    slug: str
    name: str
    summary: str = ""


class _Quote(msgspec.Struct):
    slug: str
    text: str
    variants: list[str] = []


class _Searchable(msgspec.Struct):
    characters: list[_Named] = []
    groups: list[_Named] = []
    places: list[_Named] = []
    themes: list[_Named] = []
    symbols: list[_Named] = []
    events: list[_Event] = []
    quotes: list[_Quote] = []


_DECODE = msgspec.json.Decoder(_Searchable)


def file_texts(path: Path) -> list[Text]:
    """A data file's searchable fields, in the order a loaded work's search lists them, read
    without validating the file. Raises DataError when it cannot be read as a work."""
    file = read_file(path)
    try:
        if file.name.lower().endswith(".json"):
            found = _DECODE.decode(file.content)
        else:
            found = msgspec.convert(read_mapping(file), _Searchable)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise DataError([]) from None
    texts: list[Text] = []
    kinds: tuple[tuple[RecordKind, list[_Named]], ...] = (
        ("character", found.characters),
        ("group", found.groups),
        ("place", found.places),
    )
    for kind, named in kinds:
        for rec in named:
            texts.append((kind, rec.slug, "name", rec.name))
            texts += [(kind, rec.slug, "alias", alias) for alias in rec.aliases]
            texts.append((kind, rec.slug, "description", rec.description))
    for kind, named in (("theme", found.themes), ("symbol", found.symbols)):
        for rec in named:
            texts += [(kind, rec.slug, "name", rec.name), (kind, rec.slug, "description", rec.description)]
    for event in found.events:
        texts += [
            ("event", event.slug, "name", event.name),
            ("event", event.slug, "description", event.summary),
        ]
    for quote in found.quotes:
        texts.append(("quote", quote.slug, "text", quote.text))
        texts += [("quote", quote.slug, "variant", variant) for variant in quote.variants]
    return texts


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class LibraryIndex:
    """The searchable texts of a library's works, each distinct text once in an FTS5 table with
    the records that hold it beside it; safe to share between threads, and between a catalog and
    the one that replaces it at a reload."""

    def __init__(self, cache_bytes: int = CACHE_BYTES) -> None:
        # "" is SQLite's private temporary database: in the page cache until that is full, then
        # in a file deleted when the connection closes.
        self._db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        for statement in (
            f"PRAGMA cache_size = -{cache_bytes // 1024}",
            "PRAGMA journal_mode = OFF",
            "PRAGMA synchronous = OFF",
            "CREATE TABLE distinct_texts(id INTEGER PRIMARY KEY, short INTEGER NOT NULL, "
            "text TEXT NOT NULL, uses INTEGER NOT NULL, UNIQUE (short, text))",
            "CREATE VIRTUAL TABLE texts USING fts5(short, long, tokenize = 'unicode61 remove_diacritics 2')",
            "CREATE VIRTUAL TABLE words USING fts5vocab(texts, 'row')",
            "CREATE TABLE postings(text_id INTEGER NOT NULL, work_id INTEGER NOT NULL, "
            "seq INTEGER NOT NULL, kind TEXT NOT NULL, slug TEXT NOT NULL, field TEXT NOT NULL, "
            "PRIMARY KEY (text_id, work_id, seq)) WITHOUT ROWID",
            "CREATE INDEX postings_by_work ON postings(work_id)",
        ):
            self._db.execute(statement)
        self.cache_bytes = cache_bytes
        self._lock = threading.RLock()
        self._indexed: dict[str, str] = {}  # slug: the digest of the entry indexed
        self._ids: dict[str, int] = {}  # slug: work id (works indexed later have higher ids)
        self._slugs: dict[int, str] = {}
        self._next_id = 0
        self._todo: list[WorkEntry] = []
        self._loaded: Callable[[str], LoadedWork | None] = lambda slug: None
        self._wanted: dict[str, str] = {}
        self._vocabulary: list[str] | None = None
        self._thread: threading.Thread | None = None
        self.on_grown: Callable[[int], None] | None = None
        """Told the index's memory (``memory_bytes``) each time it changes: what the catalog's
        shelf charges for it."""

    def sync(self, catalog: Catalog) -> None:
        """Make the index hold ``catalog``'s works: removed works dropped, new or changed ones
        indexed, at once when few, else in a background thread."""
        wanted = {e.slug: e.digest for e in catalog.entries}
        with self._lock:
            self._db.execute("BEGIN")
            for slug in [s for s in self._indexed if s not in wanted]:
                self._remove(slug)
            self._db.execute("COMMIT")
            self._todo = [e for e in catalog.entries if self._indexed.get(e.slug) != e.digest]
            self._loaded = catalog.loaded
            self._wanted = wanted
            few = len(self._todo) <= AT_ONCE
        if few:
            self._work_through()
        elif self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work_through, name="search-index", daemon=True)
            self._thread.start()

    def progress(self) -> tuple[int, int]:
        """Works indexed as wanted, and works wanted, by the last ``sync``."""
        with self._lock:
            done = sum(1 for slug, d in self._wanted.items() if self._indexed.get(slug) == d)
            return done, len(self._wanted)

    def ready_for(self, catalog: Catalog) -> bool:
        """Whether the index holds exactly ``catalog``'s works, each as listed."""
        with self._lock:
            return len(self._indexed) == len(catalog.entries) and all(
                self._indexed.get(e.slug) == e.digest for e in catalog.entries
            )

    def memory_bytes(self) -> int:
        """What the index may hold in this process: its page cache (or the whole database, if
        smaller), its vocabulary and its table of works."""
        with self._lock:
            pages = int(self._db.execute("PRAGMA page_count").fetchone()[0])
            size = int(self._db.execute("PRAGMA page_size").fetchone()[0])
            words = sum(56 + len(w) for w in self._vocabulary or ())
            return min(pages * size, self.cache_bytes) + words + 300 * len(self._ids)

    def _work_through(self) -> None:
        while True:
            with self._lock:
                if not self._todo:
                    break
                batch, self._todo = self._todo[:BATCH], self._todo[BATCH:]
                loaded = self._loaded
            found = [(entry, self._texts(entry, loaded)) for entry in batch]  # read outside the lock
            with self._lock:
                self._db.execute("BEGIN")
                for entry, texts in found:
                    self._put(entry, texts)
                self._db.execute("COMMIT")
                self._vocabulary = None
            if self._todo:
                time.sleep(PAUSE)  # leave the interpreter to requests now and then
        if self.on_grown is not None:
            self.on_grown(self.memory_bytes())

    @staticmethod
    def _texts(entry: WorkEntry, loaded: Callable[[str], LoadedWork | None]) -> list[Text]:
        work = loaded(entry.slug)
        if work is not None:
            return list(loaded_texts(work))
        try:
            return file_texts(Path(entry.file))
        except DataError:
            return []  # not a work's shape: nothing to find; its load reports why (see /readyz)

    def _remove(self, slug: str) -> None:
        work_id = self._ids.pop(slug)
        del self._slugs[work_id]
        del self._indexed[slug]
        db = self._db
        held = db.execute("SELECT text_id FROM postings WHERE work_id = ?", (work_id,)).fetchall()
        db.execute("DELETE FROM postings WHERE work_id = ?", (work_id,))
        for (text_id,) in held:
            (uses,) = db.execute(
                "UPDATE distinct_texts SET uses = uses - 1 WHERE id = ? RETURNING uses", (text_id,)
            ).fetchone()
            if uses == 0:  # no work holds it any more
                db.execute("DELETE FROM distinct_texts WHERE id = ?", (text_id,))
                db.execute("DELETE FROM texts WHERE rowid = ?", (text_id,))
        self._vocabulary = None

    def _put(self, entry: WorkEntry, texts: Sequence[Text]) -> None:
        if entry.slug in self._ids:
            self._remove(entry.slug)
        work_id = self._next_id
        self._next_id += 1
        self._ids[entry.slug] = work_id
        self._slugs[work_id] = entry.slug
        self._indexed[entry.slug] = entry.digest
        db, postings = self._db, []
        for seq, (kind, slug, field, text) in enumerate(texts):
            short = field in _SHORT
            text_id, uses = db.execute(
                "INSERT INTO distinct_texts(short, text, uses) VALUES (?, ?, 1) ON CONFLICT (short, text) "
                "DO UPDATE SET uses = uses + 1 RETURNING id, uses",
                (short, text),
            ).fetchone()
            if uses == 1:  # a text new to the index
                columns = (text, None) if short else (None, text)
                db.execute("INSERT INTO texts(rowid, short, long) VALUES (?, ?, ?)", (text_id, *columns))
            postings.append((text_id, work_id, seq, kind, slug, field))
        db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?, ?, ?)", postings)

    def _words(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = [row[0] for row in self._db.execute("SELECT term FROM words")]
        return self._vocabulary

    def _expression(self, query: str) -> str:
        """The FTS5 query finding the candidates for a normalised search text (see the module)."""
        vocabulary = self._words()
        alternatives = []
        for word in dict.fromkeys(query.split()):
            near = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=NEAR_WORD, limit=20)
            inside = [w for w in vocabulary if word in w][:MAX_INSIDE] if len(word) >= 3 else []
            forms = [f"{_phrase(word)} *", *(_phrase(w) for w, _, _ in near), *map(_phrase, inside)]
            alternatives.append("(" + " OR ".join(dict.fromkeys(forms)) + ")")
        return f"short : ({' OR '.join(alternatives)}) OR long : ({' AND '.join(alternatives)})"

    def search(self, catalog: Catalog, text: str, *, limit: int = 10) -> list[tuple[str, Hit]]:
        """The best ``limit`` records matching ``text`` in any of ``catalog``'s works, each with
        its work's slug, ranked as ``search_everywhere`` ranks them (score, then the works'
        order, then each work's order). SEARCH_INDEX_NOT_READY until the index holds the
        catalog's works; BAD_USER_INPUT for a text of fewer than two letters or digits."""
        query = normalise_query(text)
        check_range("limit", limit, 1, 50)
        with self._lock:
            if not self.ready_for(catalog):
                done, wanted = self.progress()
                raise SearchIndexNotReady(
                    f"the library's search index is not complete ({done} of {wanted} works indexed): "
                    "try again in a few seconds"
                )
            candidates = self._db.execute(
                "SELECT rowid, short, long FROM texts WHERE texts MATCH ? ORDER BY rank LIMIT ?",
                (self._expression(query), MAX_CANDIDATES),
            ).fetchall()
            return self._best(query, _scored(query, candidates), catalog, limit)

    def _best(self, query: str, scored: list[_Scored], catalog: Catalog, limit: int) -> list[tuple[str, Hit]]:
        """The best records holding the scored texts: score level by score level, best first,
        each text's records in the works' index order, until ``limit`` records are found."""
        found: dict[tuple[int, str, str], tuple[float, int, Hit]] = {}  # record: score, seq, hit
        level = 0
        while level < len(scored) and len(found) < limit:
            rounded = round(scored[level][0], 1)
            wanted = 2 * (limit + len(found))  # enough rows, whatever was found at better levels
            while level < len(scored) and round(scored[level][0], 1) == rounded:
                score, text_id, text, fields = scored[level]
                level += 1
                rows = self._db.execute(
                    "SELECT work_id, seq, kind, slug, field FROM postings WHERE text_id = ? "
                    "AND field IN (?, ?) ORDER BY work_id, seq LIMIT ?",
                    (text_id, *fields, wanted),
                )
                for work_id, seq, kind, slug, field in rows:
                    if self._slugs[work_id] in catalog.failures:
                        continue  # listed, but it does not load: nothing of it can be shown
                    key = (work_id, kind, slug)
                    before = found.get(key)
                    if before is None or (before[0], -before[1]) < (score, -seq):
                        found[key] = (score, seq, Hit(kind, slug, field, text, round(score, 1)))
        ranked = sorted(
            ((self._slugs[key[0]], hit) for key, (_, _, hit) in found.items()),
            key=lambda row: (-row[1].score, catalog.position(row[0]), KIND_ORDER[row[1].kind], row[1].slug),
        )
        return ranked[:limit]


_Scored = tuple[float, int, str, tuple[str, str]]  # score, distinct text's id, text, the fields it counts for


_LONG_FIELDS = (("text", ("text", "variant")), ("description", ("description", "description")))
"""How a long text is scored (as a quote's text, or as a description) and the fields it counts for."""


def _scored(query: str, candidates: Iterable[tuple[int, str | None, str | None]]) -> list[_Scored]:
    """Each candidate text's score as the fields that may hold it weigh it, best first."""
    scored: list[_Scored] = []
    for text_id, short, long in candidates:
        if short is not None:
            score = score_text(query, "name", utils.default_process(short))  # as an alias weighs it
            if score:
                scored.append((score, text_id, short, ("name", "alias")))
        elif long is not None:
            prepared = utils.default_process(long)
            for field, fields in _LONG_FIELDS:
                score = score_text(query, field, prepared)  # type: ignore[arg-type]
                if score:
                    scored.append((score, text_id, long, fields))
    scored.sort(key=lambda row: -row[0])
    return scored
