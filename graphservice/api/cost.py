"""Measure an operation before it runs (cost, depth, aliases) and refuse those over the limits.

Strawberry ships depth and alias limiters (``QueryDepthLimiter``, ``MaxAliasesLimiter``) but no
cost analysis, and its limiters walk every fragment spread again wherever it appears: a 1 KB
document whose fragments each spread the previous one twice takes 2^n steps (13 s at 20 levels,
issue 16). So this module does all three measures in one walk that works each fragment out once
and reuses it, linear in the document's size; tests/api/test_cost.py checks that it reaches the
same verdicts as Strawberry's limiters on documents without repeated fragments.

The measures, as Strawberry defines the first two:

- **depth**: how many fields enclose the deepest field (a root field is at depth 0); introspection
  fields (``__schema``, ``__type``) and their contents are not counted;
- **aliases**: how many aliased fields the operation has once its fragments are expanded;
- **cost**: each field costs its base (1 for a field returning an object or a list, 0 for a
  scalar, more for fields that run an algorithm, a fixed price for introspection), times the
  number of times it will be resolved, the product of the sizes of the lists and pages above it.
  A connection's page counts as `first`/`last` (default: the page cap); a plain list as its
  `limit` argument or a default size.

The estimate depends on the document alone, never on variable values, so a cached validation
stays right: an argument given as a variable counts at its default if it has one, else at its cap.
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

__all__ = ["COST_CODE", "CostModel", "Measures", "estimate", "limits_rule", "measure"]

COST_CODE = "QUERY_TOO_COMPLEX"
_NO_FIELD = -1  # the depth of a selection with no field in it


@dataclass(frozen=True)
class CostModel:
    """Per-field costs and the sizes assumed for lists; the defaults suit this schema."""

    field_costs: Mapping[str, float] = field(
        default_factory=lambda: {
            "Query.shortestPath": 5,
            "Query.explainConnection": 10,
            "Query.search": 5,
            # Scans every character of every work: off the event loop, as a search is.
            "Query.charactersNamed": 5,
            "Query.analytics": 5,
            "Query.compare": 20,
            # Filters every work's entry (10,000 in a large library): off the event loop.
            "Query.library": 5,
            "Query.graph": 20,
            "Character.summary": 5,
            # A path enumeration may run for the whole request's time budget, whatever its
            # arguments say, so each one is priced as a large share of the default budget.
            "Query.paths": 2_000,
            # Introspection answers are large (the full schema is 175 KB): priced so that a few
            # fit in one request, as GraphiQL and code generators need, and fifty do not.
            "Query.__schema": 10_000,
            "Query.__type": 50,
        }
    )
    """Base costs of fields that run an algorithm or answer at length, by `Type.field`."""
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


@dataclass(frozen=True, slots=True)
class Measures:
    """What one operation would ask of the service."""

    cost: float
    depth: int
    """Depth of the deepest field (a root field is at depth 0; -1 when there is none)."""
    aliases: int
    heavy: bool
    """Whether it runs an algorithm or introspection (any field with a price in the model)."""


@dataclass(slots=True)
class _Sum:
    """The measures of one selection set, for a multiplier of 1 (cost scales linearly)."""

    cost: float = 0.0
    depth: int = _NO_FIELD
    aliases: int = 0
    heavy: bool = False

    def add(self, other: _Sum, times: float = 1.0, deeper: int = 0) -> None:
        self.cost += times * other.cost
        if other.depth != _NO_FIELD:
            self.depth = max(self.depth, other.depth + deeper)
        self.aliases += other.aliases
        self.heavy = self.heavy or other.heavy


def _unwrap(kind: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    is_list = False
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(kind, GraphQLList)
        kind = kind.of_type
    return kind, is_list


_ROOT_INTROSPECTION = {"__schema", "__type"}


class _Walker:
    """One walk over a document. Each fragment is measured once per parent type and reused
    (its cost is linear in the multiplier, so a unit cost can be scaled): linear in the document."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, model: CostModel) -> None:
        self.schema = schema
        self.model = model
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.defaults: dict[str, int] = {}
        self.memo: dict[tuple[str, str], _Sum] = {}
        self.open: set[str] = set()

    def operation(self, op: OperationDefinitionNode) -> Measures:
        self.defaults = {
            v.variable.name.value: int(v.default_value.value)
            for v in op.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        self.memo.clear()  # variable defaults differ between operations
        root = self.schema.get_root_type(op.operation)
        total = _Sum() if root is None else self.selections(op.selection_set, root)
        return Measures(total.cost, total.depth, total.aliases, total.heavy)

    def argument(self, node: FieldNode, definition: GraphQLField | None, name: str) -> int | None:
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
        declared = None if definition is None else definition.args.get(name)
        default = None if declared is None else declared.default_value
        return default if isinstance(default, int) else None

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> _Sum:
        total = _Sum()
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total.add(self.field(sel, parent))
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total.add(self.selections(sel.selection_set, cond or parent))
            elif isinstance(sel, FragmentSpreadNode):
                total.add(self.spread(sel.name.value, parent))
        return total

    def spread(self, name: str, parent: GraphQLNamedType) -> _Sum:
        frag = self.fragments.get(name)
        if frag is None or name in self.open:  # unknown or cyclic: graphql-core's rules report it
            return _Sum()
        cond = self.schema.get_type(frag.type_condition.name.value) or parent
        key = (name, cond.name)
        found = self.memo.get(key)
        if found is None:
            self.open.add(name)
            try:
                found = self.memo[key] = self.selections(frag.selection_set, cond)
            finally:
                self.open.discard(name)
        return found

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> _Sum:
        name = node.name.value
        result = _Sum(depth=0, aliases=1 if node.alias else 0)
        if name.startswith("__"):  # introspection: priced, not walked (its depth is not counted)
            price = self.model.field_costs.get(f"{parent.name}.{name}", 0.0)
            result.cost, result.heavy = price, name in _ROOT_INTROSPECTION
            if node.selection_set is not None:
                result.aliases += _aliases_only(node.selection_set, self.fragments)
            return result
        definition = (
            parent.fields.get(name) if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) else None
        )
        if definition is None:  # unknown field: graphql-core's rules report it; depth still counts
            if node.selection_set is not None:
                result.add(self.selections(node.selection_set, parent), times=0.0, deeper=1)
            return result
        kind, is_list = _unwrap(definition.type)
        priced = self.model.field_costs.get(f"{parent.name}.{name}")
        base = priced if priced is not None else (1.0 if is_composite_type(kind) else 0.0)
        if parent.name.endswith("Connection") and name in ("edges", "pageInfo"):
            base = 0.0  # wrappers: each result is counted once, at its node
        heavy = priced is not None or name in self.model.per_depth
        if name in self.model.per_depth:
            reach = (
                self.argument(node, definition, "depth") or self.argument(node, definition, "maxLength") or 1
            )
            base += self.model.per_depth[name] * reach * (self.argument(node, definition, "limit") or 1)
        size = 1.0
        if kind.name.endswith("Connection"):
            first, last = self.argument(node, definition, "first"), self.argument(node, definition, "last")
            size = float(first or last or self.model.default_page)
        elif is_list and not parent.name.endswith("Connection"):  # a page's edges are its size
            size = float(self.argument(node, definition, "limit") or self.model.default_list)
        result.cost, result.heavy = base, heavy
        if node.selection_set is not None:
            result.add(self.selections(node.selection_set, kind), times=size, deeper=1)
        return result


def _aliases_only(selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]) -> int:
    """Aliases inside a selection that is not measured otherwise (introspection, unknown fields);
    fragments spread there are counted once each, which is enough to bound them."""
    count, stack, seen = 0, [selection_set], set[str]()
    while stack:
        for sel in stack.pop().selections:
            if isinstance(sel, FieldNode):
                count += 1 if sel.alias else 0
                if sel.selection_set is not None:
                    stack.append(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                stack.append(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                seen.add(sel.name.value)
                frag = fragments.get(sel.name.value)
                if frag is not None:
                    stack.append(frag.selection_set)
    return count


def measure(
    schema: GraphQLSchema, document: DocumentNode, model: CostModel = CostModel()
) -> dict[str, Measures]:
    """The measures of each operation of a document, by name ("" for an anonymous one)."""
    walker = _Walker(schema, document, model)
    return {
        (op.name.value if op.name else ""): walker.operation(op)
        for op in document.definitions
        if isinstance(op, OperationDefinitionNode)
    }


def estimate(
    schema: GraphQLSchema, document: DocumentNode, model: CostModel = CostModel()
) -> dict[str, float]:
    """The estimated cost of each operation of a document, by name ("" for an anonymous one)."""
    return {name: m.cost for name, m in measure(schema, document, model).items()}


def limits_rule(
    max_cost: float, max_depth: int, max_aliases: int, model: CostModel = CostModel()
) -> type[ValidationRule]:
    """A validation rule refusing operations over a cost budget, a depth or an alias count.

    The messages keep the wording of Strawberry's limiters, so clients that matched on them still
    do; each error also carries its code.
    """

    class OperationLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            measures = measure(context.schema, context.document, model)
            for name, m in measures.items():
                label = f"'{name}'" if name else "the operation"
                if m.depth > max_depth:
                    context.report_error(
                        GraphQLError(
                            f"'{name or 'anonymous'}' exceeds maximum operation depth of {max_depth}",
                            extensions={"code": "QUERY_TOO_DEEP", "depth": m.depth, "maxDepth": max_depth},
                        )
                    )
                if m.cost > max_cost:
                    context.report_error(
                        GraphQLError(
                            f"{label} is too complex: its estimated cost is {m.cost:.0f}, over the "
                            f"budget of {max_cost:.0f}; ask for smaller pages (first/limit), less "
                            "nesting or fewer introspection and path fields",
                            extensions={"code": COST_CODE, "cost": round(m.cost), "budget": round(max_cost)},
                        )
                    )
            aliases = sum(m.aliases for m in measures.values())
            if aliases > max_aliases:
                context.report_error(
                    GraphQLError(
                        f"{aliases} aliases found. Allowed: {max_aliases}",
                        extensions={"code": "TOO_MANY_ALIASES", "aliases": aliases, "allowed": max_aliases},
                    )
                )

    return OperationLimits
