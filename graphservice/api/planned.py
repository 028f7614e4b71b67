"""A faster executor for plain fields: graphql-core's own, with its per-field work done once per
field of the schema for the fields that only read an attribute.

graphql-core spends about 8 µs on every field it executes, whatever the field does: it builds a
``GraphQLResolveInfo``, a response path and an argument dictionary, calls Strawberry's resolver
wrapper, then walks ``complete_value``'s type checks. Most fields of a big answer do none of the
work those steps are for. An edge of the graph view is thirteen fields, each an attribute of a
plain object read and passed through its scalar's ``coerce_output_value``, so the 20,000 edges
of a large work cost 2.2 s in that machinery against 0.2 s of domain work.

``PlannedExecutor`` keeps graphql-core's executor and replaces one step, ``execute_fields``. For
each selection set it looks up, once per request, a plan of each field (cached per field of the
schema, since it depends on the schema only):

- ``__typename`` answers the parent type's name, as graphql-core's resolver does;
- a *leaf* is a Strawberry field without a resolver (``is_basic_field``, Strawberry's own name
  for an attribute read, which it already resolves without an ``Info``) whose type is a scalar
  or enum, nullable or not: the plan reads the attribute and coerces it with the type's own
  ``coerce_output_value``;
- an *object* is such a field whose type is an object type: the plan reads the attribute, checks
  the type's ``is_type_of`` and asks graphql-core to execute the sub-selection, with the same
  response path and the same error handling as graphql-core's ``execute_field``.

Anything else (resolvers, arguments, lists, abstract types, directives on the field, fragment
variables, middleware) goes to graphql-core's ``execute_field`` as before. So does any planned
field the moment its value is not the plain case: an attribute that raises, ``None`` or
``Undefined`` for a non-null type, an awaitable, an exception as value, a coercion that fails
or gives nothing, an object that ``is_type_of`` refuses. graphql-core then resolves that field
again from the start (an attribute read, which changes nothing) and produces its answer or its
error exactly as it always does. The fast path therefore only ever answers what graphql-core
would answer without error, and tests/api/test_planned.py checks the two executors give the same
results, data and errors, on every benchmark and README operation, on generated queries and on
a schema built to fail in each of the ways above.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from inspect import isawaitable
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
    Undefined,
    is_leaf_type,
    is_object_type,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, gather_with_cancel

__all__ = ["FieldPlan", "Plan", "PlannedExecutor", "plan_field"]


class Plan(Enum):
    """How a field is executed."""

    TYPENAME = "typename"
    LEAF = "leaf"
    OBJECT = "object"
    OBJECT_LIST = "object list"
    GENERAL = "general"
    """graphql-core's ``execute_field``."""


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """What executing one field of one object type takes, worked out once."""

    plan: Plan
    field_type: Any = None
    read: Callable[[Any], Any] | None = None
    nullable: bool = True
    coerce: Callable[[Any], Any] | None = None
    object_type: GraphQLObjectType | None = None
    is_type_of: Callable[[Any, Any], Any] | None = None
    item_type: Any = None
    """The list's item type, as declared (``T`` or ``T!``), for an object list."""


_GENERAL = FieldPlan(Plan.GENERAL)
_TYPENAME = FieldPlan(Plan.TYPENAME)
_MISS = object()
"""The fast path's "not the plain case": graphql-core takes the field."""
_NEVER_AWAITABLE = frozenset({str, int, float, bool})


def _strawberry_read(field: GraphQLField) -> Callable[[Any], Any] | None:
    """The attribute read a Strawberry field without a resolver amounts to, if it is one."""
    if not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get("strawberry-definition")
    if definition is None or not definition.is_basic_field or definition.default_resolver is not getattr:
        return None
    return attrgetter(definition.python_name)


def _strawberry_is_type_of(object_type: GraphQLObjectType) -> Callable[[Any, Any], Any] | None:
    """``is_type_of`` of the type when it does not look at its ``info`` argument (None when the
    type has none); raises LookupError for one that might, which the plan leaves to graphql-core."""
    check = object_type.is_type_of
    if check is None:
        return None
    # Strawberry's own check (types with interfaces) ignores ``info``: calling it with None saves
    # building one. A type's own ``is_type_of`` might read it, so such types are not planned.
    if check.__qualname__.endswith("_get_is_type_of.<locals>.is_type_of"):
        return check
    raise LookupError(object_type.name)


def plan_field(schema: GraphQLSchema, parent_type: GraphQLObjectType, name: str) -> FieldPlan:
    """How the field ``name`` of ``parent_type`` is executed."""
    field = schema.get_field(parent_type, name)
    if field is None:
        return _GENERAL
    if field is TypeNameMetaFieldDef:
        return _TYPENAME
    read = _strawberry_read(field)
    if read is None or field.args:
        return _GENERAL
    nullable = not isinstance(field.type, GraphQLNonNull)
    named = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if is_leaf_type(named):
        assert isinstance(named, GraphQLLeafType)
        return FieldPlan(Plan.LEAF, field.type, read, nullable, coerce=named.coerce_output_value)
    if is_object_type(named):
        assert isinstance(named, GraphQLObjectType)
        try:
            is_type_of = _strawberry_is_type_of(named)
        except LookupError:
            return _GENERAL
        return FieldPlan(Plan.OBJECT, field.type, read, nullable, object_type=named, is_type_of=is_type_of)
    if isinstance(named, GraphQLList):
        item_type = named.of_type
        item = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if is_object_type(item):
            assert isinstance(item, GraphQLObjectType)
            try:
                is_type_of = _strawberry_is_type_of(item)
            except LookupError:
                return _GENERAL
            return FieldPlan(
                Plan.OBJECT_LIST,
                field.type,
                read,
                nullable,
                object_type=item,
                is_type_of=is_type_of,
                item_type=item_type,
            )
    return _GENERAL


_PLANS: dict[tuple[GraphQLSchema, GraphQLObjectType, str], FieldPlan] = {}
"""Every field planned so far, by schema, type and name (bounded by the schemas' sizes)."""

_Step = tuple[str, list[FieldDetails], FieldPlan]


class PlannedExecutor(Executor[Any]):
    """graphql-core's executor with plain fields planned (module docstring)."""

    _steps: dict[int, tuple[Any, tuple[_Step, ...]]]

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> tuple[_Step, ...]:
        """The steps of one selection set on one type, once per request."""
        try:
            steps = self._steps
        except AttributeError:
            steps = self._steps = {}
        key = id(grouped_field_set)
        found = steps.get(key)
        if found is not None and found[0] is grouped_field_set:
            return found[1]
        planned: list[_Step] = []
        for response_name, details in grouped_field_set.items():
            name = details[0].node.name.value
            plan = _PLANS.get((self.schema, parent_type, name))
            if plan is None:
                plan = _PLANS[self.schema, parent_type, name] = plan_field(self.schema, parent_type, name)
            # A field written with any directive (even @skip or @include, already applied) or with
            # fragment arguments is graphql-core's.
            if plan.plan is not Plan.TYPENAME and any(
                d.node.directives or d.fragment_variable_values is not None for d in details
            ):
                plan = _GENERAL
            planned.append((response_name, details, plan))
        # The grouped field set is kept with its steps, so its id is not reused while they are.
        steps[key] = (grouped_field_set, tuple(planned))
        return steps[key][1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_fields``, with planned fields taken on the fast path."""
        if self.middleware_manager is not None:  # middleware wraps every resolver: none planned
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, details, plan in self._plan(parent_type, grouped_field_set):
                value = self._field(
                    plan, parent_type, source_value, path, response_name, details, position_context
                )
                if value is Undefined:
                    continue
                results[response_name] = value
                if plan.plan is not Plan.LEAF and plan.plan is not Plan.TYPENAME and self.is_awaitable(value):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        return _awaited(results, awaitable_fields) if awaitable_fields else results

    def _field(
        self,
        plan: FieldPlan,
        parent_type: GraphQLObjectType,
        source: Any,
        path: Path | None,
        response_name: str,
        details: list[FieldDetails],
        position_context: Any,
    ) -> Any:
        """One field's answer: planned where its value is the plain case, else graphql-core's."""
        kind = plan.plan
        value: Any = _MISS
        if kind is Plan.TYPENAME:
            return parent_type.name
        if kind is Plan.LEAF:
            value = _leaf(plan, source, self.is_awaitable)
        elif kind is Plan.OBJECT or kind is Plan.OBJECT_LIST:
            read = _read(plan, source)
            if read is None and plan.nullable:
                return None
            if read is not None and read is not _MISS:
                field_path = Path(path, response_name, parent_type.name)
                if kind is Plan.OBJECT:
                    value = self._object(plan, read, details, field_path, position_context)
                else:
                    value = self._objects(plan, parent_type, read, details, field_path, position_context)
        if value is _MISS:
            return self._general(parent_type, source, path, response_name, details, position_context)
        return value

    def _general(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        path: Path | None,
        response_name: str,
        details: list[FieldDetails],
        position_context: Any,
    ) -> Any:
        """graphql-core's own execution of a field, from the start."""
        field_path = Path(path, response_name, parent_type.name)
        return self.execute_field(parent_type, source, details, field_path, position_context)

    def _object(
        self,
        plan: FieldPlan,
        value: Any,
        details: list[FieldDetails],
        field_path: Path,
        position_context: Any,
    ) -> Any:
        """An object's sub-selection executed, or ``_MISS`` when it is not of the field's type."""
        assert plan.object_type is not None
        if not _is_type(plan, value):
            return _MISS
        # From here on as graphql-core's execute_field: an error in the sub-selection that
        # reaches this field nulls it, or goes on up when the field is non-null.
        try:
            completed = self.collect_and_execute_subfields(
                plan.object_type, details, field_path, value, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.field_type, details, field_path)
            return None
        if self.is_awaitable(completed):
            return self._settled(completed, plan.field_type, details, field_path)
        return completed

    def _objects(
        self,
        plan: FieldPlan,
        parent_type: GraphQLObjectType,
        value: Any,
        details: list[FieldDetails],
        field_path: Path,
        position_context: Any,
    ) -> Any:
        """Each item's sub-selection executed, as graphql-core's ``complete_iterable_value``
        does; an item that is not the plain case goes to graphql-core's own
        ``complete_list_item_value``. ``_MISS`` when the value is no plain sequence."""
        if not isinstance(value, _SEQUENCES) or isinstance(value, (str, bytes, bytearray)):
            return _MISS  # anything else iterable, or not, is graphql-core's to judge
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        info = None
        try:
            for index, item in enumerate(value):
                item_path = field_path.add_key(index, None)
                if self._plain_item(plan, item):
                    sub = self._item(plan, item, details, item_path, position_context)
                    if self.is_awaitable(sub):
                        awaitable_indices.append(index)
                    completed.append(sub)
                    continue
                if info is None:
                    info = self._info(parent_type, details, field_path)
                if self._core_item(plan, item, completed, details, info, item_path, position_context):
                    awaitable_indices.append(index)
        except Exception as raw_error:
            if awaitable_indices:
                self.settle_in_background([completed[i] for i in awaitable_indices])
            self.handle_field_error(raw_error, plan.field_type, details, field_path)
            return None
        if not awaitable_indices:
            return completed
        return self._completed_later(plan, completed, awaitable_indices, details, field_path)

    def _plain_item(self, plan: FieldPlan, item: Any) -> bool:
        if item is None or item is Undefined or isinstance(item, Exception) or self.is_awaitable(item):
            return False
        return _is_type(plan, item)

    def _item(
        self, plan: FieldPlan, item: Any, details: list[FieldDetails], item_path: Path, position_context: Any
    ) -> Any:
        """A plain item's sub-selection, handled as graphql-core's ``complete_list_item_value``."""
        assert plan.object_type is not None
        try:
            sub = self.collect_and_execute_subfields(
                plan.object_type, details, item_path, item, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.item_type, details, item_path)
            return None
        if self.is_awaitable(sub):
            return self._settled(sub, plan.item_type, details, item_path)
        return sub

    def _core_item(
        self,
        plan: FieldPlan,
        item: Any,
        completed: list[Any],
        details: list[FieldDetails],
        info: Any,
        item_path: Path,
        position_context: Any,
    ) -> bool:
        """graphql-core's handling of one item; whether what it appended is awaitable."""
        if self.is_awaitable(item):
            completed.append(
                self.complete_awaitable_list_item_value(
                    item, plan.item_type, details, info, item_path, position_context
                )
            )
            return True
        return self.complete_list_item_value(
            item, completed, plan.item_type, details, info, item_path, position_context
        )

    def _info(self, parent_type: GraphQLObjectType, details: list[FieldDetails], field_path: Path) -> Any:
        field = self.schema.get_field(parent_type, details[0].node.name.value)
        assert field is not None
        return self.build_resolve_info(field, [d.node for d in details], parent_type, field_path)

    def _completed_later(
        self,
        plan: FieldPlan,
        completed: list[Any],
        awaitable_indices: list[int],
        details: list[FieldDetails],
        field_path: Path,
    ) -> Any:
        async def get_completed() -> Any:  # as graphql-core's complete_iterable_value does
            try:
                if len(awaitable_indices) == 1:
                    completed[awaitable_indices[0]] = await completed[awaitable_indices[0]]
                else:
                    awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
                    for i, sub in zip(awaitable_indices, awaited, strict=True):
                        completed[i] = sub
            except Exception as raw_error:
                self.handle_field_error(raw_error, plan.field_type, details, field_path)
                return None
            return completed

        return get_completed()

    def _settled(self, completed: Any, of_type: Any, details: list[FieldDetails], path: Path) -> Any:
        """An awaitable completion whose error is handled as graphql-core handles it."""

        async def await_completed() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, of_type, details, path)
                return None

        return await_completed()


def _awaited(results: dict[str, Any], awaitable_fields: list[str]) -> Any:
    async def get_results() -> dict[str, Any]:  # as graphql-core's execute_fields does
        if len(awaitable_fields) == 1:  # one is awaited as it is, without a task
            field = awaitable_fields[0]
            results[field] = await results[field]
        else:
            awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    return get_results()


def _read(plan: FieldPlan, source: Any) -> Any:
    """An object or list field's attribute: None, ``_MISS`` when not the plain case, or the value."""
    assert plan.read is not None
    try:
        value = plan.read(source)
    except Exception:
        return _MISS
    if value is None:
        return None
    if value is Undefined or isinstance(value, Exception) or isawaitable(value):
        return _MISS
    return value


def _is_type(plan: FieldPlan, value: Any) -> bool:
    """Whether ``value`` passes the object type's ``is_type_of`` (when it has one)."""
    if plan.is_type_of is None:
        return True
    try:
        return plan.is_type_of(value, None) is True
    except Exception:
        return False


_SEQUENCES = (list, tuple, Sequence)


def _leaf(plan: FieldPlan, source: Any, is_awaitable: Callable[[Any], bool]) -> Any:
    """A leaf field's answer, or ``_MISS`` where graphql-core must take it."""
    assert plan.read is not None and plan.coerce is not None
    try:
        value = plan.read(source)
    except Exception:
        return _MISS
    if value is None:
        return None if plan.nullable else _MISS
    if type(value) not in _NEVER_AWAITABLE and (
        value is Undefined or isinstance(value, Exception) or is_awaitable(value)
    ):
        return _MISS
    try:
        coerced = plan.coerce(value)
    except Exception:
        return _MISS
    if coerced is None or coerced is Undefined:
        return _MISS
    return coerced
