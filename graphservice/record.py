"""The base of every record, and how a loaded work's records are stored compactly.

A pydantic model keeps its fields in a dictionary of its own and the names of the fields it was
given in a set of its own: for a relationship that is about 1.2 KB before any of its values, and a
work of a million relationships held several gigabytes that way. The loader therefore validates
with a :class:`Compactor` in the validation context. Each record, as soon as pydantic has
validated it, is copied into a compact instance of the same class:

- its fields are set one by one in declaration order, so CPython keeps them in the object's own
  value array with the keys shared by every instance of the class (no dictionary per record, until
  something asks for ``__dict__``: pydantic's ``==`` and ``model_dump`` do, and get a small one);
- the set of fields the file gave is one shared set per distinct combination;
- equal strings (slugs above all: every reference to a character repeats its slug) are one object;
- equal lists of plain values (``holds``, empty lists, ...) are one list, and equal records whose
  fields are plain values (an ``Evidence`` quoted twice, a ``Drafted`` note) are one record.

The copy is an instance of the same pydantic class with the same field values and the same fields
set, so it validates, compares, dumps and copies exactly like the original; only its storage
differs. Records are frozen and their lists are read, never changed, which is what makes sharing
them safe. Without a compactor in the context (a record built in code) nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import UnionType
from typing import Annotated, Any, Self, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

__all__ = ["Compactor", "Record", "empty_list"]

_R = TypeVar("_R", bound=BaseModel)
_set = object.__setattr__  # past a frozen model's own __setattr__


class Compactor:
    """Shares what a load's records have in common; one per load, dropped once the load is done."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._empty: list[Any] = []
        self._lists: dict[tuple[str, ...], list[str]] = {(): self._empty}
        self._fields_sets: dict[frozenset[str], set[str]] = {}
        self._copiers: dict[type[BaseModel], Callable[[Any], Any]] = {}

    def record(self, record: _R) -> _R:
        """A compact copy of a validated record (whose nested records are already compact)."""
        copier = self._copiers.get(record.__class__)
        if copier is None:
            copier = self._copiers[record.__class__] = self._copier(record.__class__)
        compact: _R = copier(record)
        return compact

    def _copier(self, cls: type[BaseModel]) -> Callable[[Any], Any]:
        """A function that copies a validated record into a compact instance of its class.

        It is generated once per class and load, one statement per field, because a load copies
        millions of records and a loop over the fields costs half as much again. Every field is
        set, in declaration order, so every instance shares the class's keys. A record whose fields
        all hold text, numbers or choices is looked up by its values first: a field's values all
        have one type after validation, so equal values (and equal fields given) mean equal records.
        """
        kinds = {name: _kind(field.annotation) for name, field in cls.model_fields.items()}
        leaf = all(kind in ("text", "plain") for kind in kinds.values())
        lines = [
            "def copy(record):",
            "    values = record.__dict__",
            "    given = record.__pydantic_fields_set__",
        ]
        for i, (name, kind) in enumerate(kinds.items()):
            read = f"values[{name!r}]"
            lines.append(
                {
                    "text": f"    v{i} = string({read}, {read})",
                    "texts": f"    v{i} = lists_get(tuple({read}))\n"
                    f"    v{i} = shared_list({read}) if v{i} is None else v{i}",
                    "list": f"    v{i} = {read} or empty",
                }.get(kind, f"    v{i} = {read}")
            )
        if leaf:
            values = ", ".join(f"v{i}" for i in range(len(kinds)))
            lines += [
                f"    key = (frozenset(given), {values})",
                "    found = leaves.get(key)",
                "    if found is not None:",
                "        return found",
            ]
        lines.append("    compact = new(cls)")
        lines += [f"    set_field(compact, {name!r}, v{i})" for i, name in enumerate(kinds)]
        lines += [
            "    if given != last[0]:  # records mostly give the same fields as the one before",
            "        last[0] = fields_set(given)",
            "    set_field(compact, '__pydantic_fields_set__', last[0])",
            "    set_field(compact, '__pydantic_extra__', None)",
            "    set_field(compact, '__pydantic_private__', None)",
        ]
        if leaf:
            lines.append("    leaves[key] = compact")
        lines.append("    return compact")
        scope: dict[str, Any] = {
            "new": cls.__new__,
            "cls": cls,
            "set_field": _set,
            "string": self._strings.setdefault,
            "shared_list": partial(_shared_list, self._lists, self._strings),
            "lists_get": self._lists.get,
            "empty": self._empty,
            "fields_set": partial(_shared_set, self._fields_sets),
            "last": [None],
            "leaves": {},
        }
        exec("\n".join(lines), scope)  # noqa: S102 - the text is built from field names above
        # Taken out of its own globals, and with nothing in them that refers to the compactor, the
        # function makes no reference cycle: the compactor and its tables go as soon as the load
        # drops it. (A load runs with the collector off and freezes what is left, so a cycle here
        # would keep every table of every load for the life of the process.)
        copier: Callable[[Any], Any] = scope.pop("copy")
        return copier


def _shared_list(
    lists: dict[tuple[str, ...], list[str]], strings: dict[str, str], items: list[str]
) -> list[str]:
    """The one list of these strings in this load."""
    key = tuple(items)
    found = lists.get(key)
    if found is None:
        found = lists[key] = [strings.setdefault(item, item) for item in items]
    return found


def _shared_set(sets: dict[frozenset[str], set[str]], given: set[str]) -> set[str]:
    """The one set of these field names in this load."""
    key = frozenset(given)
    found = sets.get(key)
    if found is None:
        found = sets[key] = given
    return found


def _kind(annotation: Any) -> str:
    """How a field's value is copied: "text" (a string, or None), "texts" (a list of strings),
    "list" (a list of records), "record" (a record, or None) or "plain" (a number or a choice)."""
    if _is(annotation, str):
        return "text"
    if _is_list(annotation):
        (item,) = get_args(_bare(annotation))
        return "texts" if _is(item, str) else "list"
    if _is(annotation, BaseModel):
        return "record"
    return "plain"


def _bare(annotation: Any) -> Any:
    """The type inside ``Annotated[...]``."""
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _is(annotation: Any, kind: type) -> bool:
    """Whether the annotation is ``kind``, optionally constrained and optionally None."""
    bare = _bare(annotation)
    if get_origin(bare) in (Union, UnionType):
        args = [a for a in get_args(bare) if a is not type(None)]
        return len(args) == 1 and _is(args[0], kind)
    return bare is kind or (isinstance(bare, type) and kind is BaseModel and issubclass(bare, kind))


def _is_list(annotation: Any) -> bool:
    return get_origin(_bare(annotation)) is list


class Record(BaseModel):
    """Base of every record: immutable, and unknown keys are errors rather than silently dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    @model_validator(mode="after")
    def _stored_compactly(self, info: ValidationInfo) -> Self:
        # An "after" validator: pydantic still validates JSON text without building Python objects
        # first. It returns another instance only with a compactor, which only the loader passes
        # (pydantic refuses that from ``__init__``, which takes no context).
        compactor = info.context
        return compactor.record(self) if isinstance(compactor, Compactor) else self


def empty_list() -> Any:
    """A list field's default: a new empty list for each record that leaves the field out (pydantic
    would deep-copy a literal ``[]`` for each), shown in the JSON Schema as ``"default": []``."""
    return Field(default_factory=list, json_schema_extra={"default": []})
