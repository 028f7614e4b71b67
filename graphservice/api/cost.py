"""Estimate what an operation will cost before it runs, and refuse those over a budget.

Strawberry ships depth, alias and token limits but no cost analysis, so this is a graphql-core
validation rule (added with Strawberry's ``AddValidationRules``). The estimate depends on the
document alone, never on variable values, so a cached validation stays right: an argument given
as a variable counts at its default if it has one, else at its hard cap.

The model: each field costs its base (1 for a field returning an object or a list, 0 for a
scalar, more for fields that run an algorithm), times the number of times it will be resolved,
which is the product of the sizes of the lists and pages above it. A connection's page counts as
`first`/`last` (default: the page cap); a plain list as its `limit` argument or a default size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    is_composite_type,
)

__all__ = ["COST_CODE", "CostModel", "cost_rule", "estimate"]

COST_CODE = "QUERY_TOO_COMPLEX"


@dataclass(frozen=True)
class CostModel:
    """Per-field costs and the sizes assumed for lists; the defaults suit this schema."""

    field_costs: Mapping[str, float] = field(
        default_factory=lambda: {
            "Query.shortestPath": 5,
            "Query.explainConnection": 10,
            "Query.search": 5,
            "Query.analytics": 5,
            "Query.graph": 20,
            "Character.summary": 5,
        }
    )
    """Base costs of fields that run an algorithm, by `Type.field`."""
    per_depth: Mapping[str, float] = field(default_factory=lambda: {"neighbours": 2, "paths": 1})
    """Fields whose work grows with `depth` or `maxLength` (times `limit` for paths)."""
    worst: Mapping[str, int] = field(
        default_factory=lambda: {
            "first": 100,
            "last": 100,
            "limit": 100,
            "depth": 6,
            "maxLength": 8,
            "radius": 6,
        }
    )
    """Caps for size arguments: a variable without a default counts at its cap."""
    default_page: int = 100
    """Page size of a connection asked for without `first` or `last` (the page cap)."""
    default_list: int = 5
    """Assumed length of a plain list without a `limit` argument."""


def _unwrap(kind: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    is_list = False
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(kind, GraphQLList)
        kind = kind.of_type
    return kind, is_list


class _Estimator:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, model: CostModel) -> None:
        self.schema = schema
        self.model = model
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.defaults: dict[str, int] = {}

    def operation(self, op: OperationDefinitionNode) -> float:
        self.defaults = {
            v.variable.name.value: int(v.default_value.value)
            for v in op.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        root = self.schema.get_root_type(op.operation)
        return 0.0 if root is None else self.selections(op.selection_set, root, 1.0, frozenset())

    def argument(self, node: FieldNode, definition: GraphQLField, name: str) -> int | None:
        """An integer argument as written, its variable's default or cap, or the schema's default."""
        cap = self.model.worst.get(name)
        for arg in node.arguments or ():
            if arg.name.value != name:
                continue
            value = arg.value
            if isinstance(value, IntValueNode):
                given = max(int(value.value), 0)
                return given if cap is None else min(given, cap)
            if isinstance(value, VariableNode):
                return self.defaults.get(value.name.value, cap)
        declared = definition.args.get(name)
        default = None if declared is None else declared.default_value
        return default if isinstance(default, int) else None

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, times: float, seen: frozenset[str]
    ) -> float:
        total = 0.0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += self.field(sel, parent, times, seen)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.selections(sel.selection_set, cond or parent, times, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if frag is None or name in seen:  # unknown or cyclic: other rules report it
                    continue
                cond = self.schema.get_type(frag.type_condition.name.value) or parent
                total += self.selections(frag.selection_set, cond, times, seen | {name})
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, times: float, seen: frozenset[str]) -> float:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return 0.0  # introspection is bounded by the schema; unknown types: other rules report
        definition = parent.fields.get(name)
        if definition is None:
            return 0.0
        kind, is_list = _unwrap(definition.type)
        base = self.model.field_costs.get(f"{parent.name}.{name}", 1.0 if is_composite_type(kind) else 0.0)
        if parent.name.endswith("Connection") and name in ("edges", "pageInfo"):
            base = 0.0  # wrappers: each result is counted once, at its node

        def arg(name: str) -> int | None:
            return self.argument(node, definition, name)

        if name in self.model.per_depth:
            reach = arg("depth") or arg("maxLength") or 1
            base += self.model.per_depth[name] * reach * (arg("limit") or 1)
        size = 1.0
        if kind.name.endswith("Connection"):
            size = float(arg("first") or arg("last") or self.model.default_page)
        elif is_list and not parent.name.endswith("Connection"):  # a page's edges are its size
            size = float(arg("limit") or self.model.default_list)
        cost = times * base
        if node.selection_set is not None:
            cost += self.selections(node.selection_set, kind, times * size, seen)
        return cost


def estimate(
    schema: GraphQLSchema, document: DocumentNode, model: CostModel = CostModel()
) -> dict[str, float]:
    """The estimated cost of each operation of a document, by name ("" for an anonymous one)."""
    estimator = _Estimator(schema, document, model)
    return {
        (op.name.value if op.name else ""): estimator.operation(op)
        for op in document.definitions
        if isinstance(op, OperationDefinitionNode)
    }


def cost_rule(budget: float, model: CostModel = CostModel()) -> type[ValidationRule]:
    """A validation rule refusing every operation whose estimated cost exceeds ``budget``."""

    class CostLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            for name, cost in estimate(context.schema, context.document, model).items():
                if cost > budget:
                    label = f"'{name}'" if name else "the operation"
                    context.report_error(
                        GraphQLError(
                            f"{label} is too complex: its estimated cost is {cost:.0f}, over the "
                            f"budget of {budget:.0f}; ask for smaller pages (first/limit) or less nesting",
                            extensions={"code": COST_CODE, "cost": round(cost), "budget": round(budget)},
                        )
                    )

    return CostLimit
