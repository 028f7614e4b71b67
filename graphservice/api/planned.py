"""A faster executor: graphql-core's own, with the per-field work of plain fields done once per
field of the schema instead of once per value.

graphql-core spends about 8 µs on every field it executes, whatever the field does: it builds a
``GraphQLResolveInfo``, a response path and an argument dictionary, calls Strawberry's resolver
wrapper (which builds an ``Info`` and converts the arguments), then walks ``complete_value``'s
type checks. Most fields of a big answer need none of it. An edge of the graph view is thirteen
fields, each an attribute of a plain object passed through its scalar's ``coerce_output_value``,
so the 20,000 edges of a large work cost over a second in that machinery against 0.2 s of
domain work.

``PlannedExecutor`` keeps graphql-core's executor and replaces one step, ``execute_fields``. For
each selection set it looks up, once per request, the plan of each field (api/plans.py, once per
field of the schema). A planned field's value is found directly: an attribute read, or the
resolver called with its object, as Strawberry would call it. An exception there is handled as
graphql-core's ``execute_field`` handles one from a resolver. The value is then completed on the
fast path when it is the plain case:

- a scalar or enum: the type's own ``coerce_output_value``, when that gives a value;
- null, for a nullable field;
- an object of the field's object type (Strawberry's ``is_type_of`` says so): graphql-core's
  ``collect_and_execute_subfields``, under the same response path and with the same handling
  of errors that reach the field;
- a sequence of such objects (not an iterator: graphql-core drains those), each item as
  graphql-core's ``complete_iterable_value`` takes it, an item that is not plain going to
  graphql-core's own ``complete_list_item_value``.

Everything else goes to graphql-core unchanged: a field that is not planned (arguments,
``info``, async resolvers, extensions, abstract types, fields written with a directive or under
fragment arguments, any field while middleware is installed) to ``execute_field``; a planned
value that is not the plain case (null for a non-null type, ``Undefined``, an exception as
value, an awaitable, a failed coercion, an object of another type, an iterable that is not a
sequence) to ``complete_value``, which produces its answer or its error exactly as it
always does. Awaitables are gathered as graphql-core gathers them, so async resolvers settle in
the same order. tests/api/test_planned.py checks the two executors give the same results (data in
the same order, errors with the same messages, paths and locations) on every benchmark and
README operation, on generated queries over the real schema, and on generated queries over a
schema whose generated data fails in each of the ways above.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, Undefined
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, gather_with_cancel

from graphservice.api.plans import GENERAL, FieldPlan, Plan, Shape, plan_field

__all__ = ["PlannedExecutor"]

_MISS = object()
"""The fast path's "not the plain case": graphql-core completes the value."""
_NEVER_AWAITABLE = frozenset({str, int, float, bool})
_SEQUENCES = (list, tuple, Sequence)
"""What an object list is completed from on the fast path (never a string: it is no list)."""

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
                plan = GENERAL
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
        is_awaitable = self.is_awaitable
        try:
            for response_name, details, plan in self._plan(parent_type, grouped_field_set):
                if plan.plan is Plan.TYPENAME:
                    results[response_name] = parent_type.name
                    continue
                if plan.plan is Plan.GENERAL:
                    field_path = Path(path, response_name, parent_type.name)
                    value = self.execute_field(
                        parent_type, source_value, details, field_path, position_context
                    )
                    if value is Undefined:
                        continue
                else:
                    value = self._planned(
                        plan, parent_type, source_value, path, response_name, details, position_context
                    )
                results[response_name] = value
                if type(value) not in _NEVER_AWAITABLE and is_awaitable(value):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        return _awaited(results, awaitable_fields) if awaitable_fields else results

    def _planned(
        self,
        plan: FieldPlan,
        parent_type: GraphQLObjectType,
        source: Any,
        path: Path | None,
        response_name: str,
        details: list[FieldDetails],
        position_context: Any,
    ) -> Any:
        """A planned field's answer: its value found directly, then completed (module docstring)."""
        assert plan.resolve is not None
        try:
            result = plan.resolve(source)
        except Exception as raw_error:  # as execute_field handles a resolver's error
            field_path = Path(path, response_name, parent_type.name)
            self.handle_field_error(raw_error, plan.field_type, details, field_path)
            return None
        shape = plan.shape
        if shape is Shape.LEAF:
            value = _leaf(plan, result, self.is_awaitable)
            if value is not _MISS:
                return value
        elif result is None:
            if plan.nullable:
                return None
        elif shape is not Shape.OTHER and _plain(result, self.is_awaitable):
            field_path = Path(path, response_name, parent_type.name)
            if shape is Shape.OBJECT:
                value = self._object(plan, result, details, field_path, position_context)
            else:
                value = self._objects(plan, parent_type, result, details, field_path, position_context)
            if value is not _MISS:
                return value
        return self._complete(plan, parent_type, result, path, response_name, details, position_context)

    def _complete(
        self,
        plan: FieldPlan,
        parent_type: GraphQLObjectType,
        result: Any,
        path: Path | None,
        response_name: str,
        details: list[FieldDetails],
        position_context: Any,
    ) -> Any:
        """graphql-core's completion of a resolved value, as its ``execute_field`` does it."""
        field_path = Path(path, response_name, parent_type.name)
        info = self._info(parent_type, details, field_path)
        return_type = plan.field_type
        try:
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, details, info, field_path, result, position_context
                )
            completed = self.complete_value(return_type, details, info, field_path, result, position_context)
            if self.is_awaitable(completed):
                return self._settled(completed, return_type, details, field_path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, field_path)
            return None
        return completed

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


def _is_type(plan: FieldPlan, value: Any) -> bool:
    """Whether ``value`` passes the object type's ``is_type_of`` (when it has one)."""
    if plan.is_type_of is None:
        return True
    try:
        return plan.is_type_of(value, None) is True
    except Exception:
        return False


def _plain(value: Any, is_awaitable: Callable[[Any], bool]) -> bool:
    """Whether a non-null value may be completed as an object or a list of them."""
    return not (value is Undefined or isinstance(value, Exception) or is_awaitable(value))


def _leaf(plan: FieldPlan, value: Any, is_awaitable: Callable[[Any], bool]) -> Any:
    """A leaf's answer, or ``_MISS`` where graphql-core must complete it."""
    assert plan.coerce is not None
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
