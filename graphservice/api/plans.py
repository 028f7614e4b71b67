"""What executing each field of the schema takes, worked out once per field for
:mod:`graphservice.api.planned`.

A field is planned when getting its value needs nothing graphql-core builds for it per call:

- ``__typename``, which is the parent type's name;
- a Strawberry field without a resolver (``is_basic_field``: Strawberry's own name for an
  attribute read, which it already resolves without an ``Info``);
- a Strawberry field whose resolver is synchronous and takes nothing but the object it is a
  field of (``self``, ``root`` or ``parent``): no arguments, no ``info``, no field extensions
  (permissions are extensions) and no exception handlers. Strawberry would call it with just
  that object, after building an ``Info`` and converting an empty argument set.

Each planned field also records the shape of its type, which says how its value is completed
on the fast path: a scalar or enum (coerced with the type's own ``coerce_output_value``), an
object type, or a list of an object type. Any other shape is completed by graphql-core. An
object type whose ``is_type_of`` is not Strawberry's own is never completed on the fast path,
since such a check may read the ``info`` the fast path does not build.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    TypeNameMetaFieldDef,
    is_leaf_type,
    is_object_type,
)

__all__ = ["FieldPlan", "Plan", "Shape", "plan_field"]


class Plan(Enum):
    """How a field's value is found."""

    TYPENAME = "typename"
    READ = "read"
    """An attribute of the parent object."""
    CALL = "call"
    """A resolver called with the parent object alone."""
    GENERAL = "general"
    """graphql-core's ``execute_field``."""


class Shape(Enum):
    """How a planned field's value is completed."""

    LEAF = "leaf"
    OBJECT = "object"
    OBJECT_LIST = "object list"
    OTHER = "other"
    """graphql-core's ``complete_value``."""


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """What executing one field of one object type takes."""

    plan: Plan
    shape: Shape = Shape.OTHER
    field: GraphQLField | None = None
    resolve: Callable[[Any], Any] | None = None
    """The field's value from its parent object (READ and CALL)."""
    nullable: bool = True
    coerce: Callable[[Any], Any] | None = None
    object_type: GraphQLObjectType | None = None
    is_type_of: Callable[[Any, Any], Any] | None = None
    item_type: Any = None
    """An object list's item type, as declared (``T`` or ``T!``)."""

    @property
    def field_type(self) -> Any:
        """The field's declared type."""
        assert self.field is not None
        return self.field.type


GENERAL = FieldPlan(Plan.GENERAL)
TYPENAME = FieldPlan(Plan.TYPENAME)


def plan_field(schema: GraphQLSchema, parent_type: GraphQLObjectType, name: str) -> FieldPlan:
    """How the field ``name`` of ``parent_type`` is executed."""
    field = schema.get_field(parent_type, name)
    if field is None:
        return GENERAL
    if field is TypeNameMetaFieldDef:
        return TYPENAME
    if field.args:
        return GENERAL
    resolve = _strawberry_read(field)
    plan = Plan.READ
    if resolve is None:
        resolve = _strawberry_call(field)
        plan = Plan.CALL
    if resolve is None:
        return GENERAL
    nullable = not isinstance(field.type, GraphQLNonNull)
    named = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    found = FieldPlan(plan, Shape.OTHER, field, resolve, nullable)
    if is_leaf_type(named):
        assert isinstance(named, GraphQLLeafType)
        return _with(found, shape=Shape.LEAF, coerce=named.coerce_output_value)
    item_type = named.of_type if isinstance(named, GraphQLList) else None
    shape = Shape.OBJECT if item_type is None else Shape.OBJECT_LIST
    target = named if item_type is None else _unwrapped(item_type)
    if not is_object_type(target):
        return found
    assert isinstance(target, GraphQLObjectType)
    try:
        is_type_of = _strawberry_is_type_of(target)
    except LookupError:
        return found
    return _with(found, shape=shape, object_type=target, is_type_of=is_type_of, item_type=item_type)


def _with(plan: FieldPlan, **changes: Any) -> FieldPlan:
    fields = {name: getattr(plan, name) for name in FieldPlan.__slots__}
    return FieldPlan(**{**fields, **changes})


def _unwrapped(of_type: Any) -> Any:
    return of_type.of_type if isinstance(of_type, GraphQLNonNull) else of_type


def _definition(field: GraphQLField) -> Any:
    return (field.extensions or {}).get("strawberry-definition")


def _strawberry_read(field: GraphQLField) -> Callable[[Any], Any] | None:
    """The attribute read a Strawberry field without a resolver amounts to, if it is one."""
    if not getattr(field.resolve, "_is_default", False):
        return None
    definition = _definition(field)
    if definition is None or not definition.is_basic_field or definition.default_resolver is not getattr:
        return None
    return attrgetter(definition.python_name)


def _strawberry_call(field: GraphQLField) -> Callable[[Any], Any] | None:
    """The resolver of a Strawberry field, called with the parent object alone, when that is all
    Strawberry would pass it (module docstring); None otherwise."""
    definition = _definition(field)
    resolver = getattr(definition, "base_resolver", None)
    if resolver is None or definition.extensions or resolver.is_async or resolver.arguments:
        return None
    if resolver.info_parameter is not None or not _no_exception_handlers(field):
        return None
    func = resolver.wrapped_func
    if not callable(func):
        return None
    by_name = [p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None]
    positional = resolver.self_parameter is not None
    if positional and not by_name:
        return func  # type: ignore[no-any-return]
    if not positional and len(by_name) == 1:
        name = by_name[0]
        return lambda source: func(**{name: source})
    return None


def _no_exception_handlers(field: GraphQLField) -> bool:
    """Whether Strawberry's resolver wrapper has no exception handlers to apply (it keeps them
    in its closure; a wrapper that does not look as expected is left to graphql-core)."""
    try:
        found = inspect.getclosurevars(field.resolve).nonlocals  # type: ignore[arg-type]
    except TypeError:
        return False
    handlers: object = found.get("field_exception_handlers", None)
    return handlers == ()


def _strawberry_is_type_of(object_type: GraphQLObjectType) -> Callable[[Any, Any], Any] | None:
    """``is_type_of`` of the type when it does not look at its ``info`` argument (None when the
    type has none); raises LookupError for one that might."""
    check = object_type.is_type_of
    if check is None:
        return None
    # Strawberry's own check (types with interfaces) ignores ``info``: calling it with None saves
    # building one. A type's own ``is_type_of`` might read it.
    if check.__qualname__.endswith("_get_is_type_of.<locals>.is_type_of"):
        return check
    raise LookupError(object_type.name)
