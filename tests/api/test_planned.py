"""The planned executor answers exactly as graphql-core's: the same data in the same order, the
same errors with the same messages, paths, locations and codes, the same nulls propagated.

Each case runs through graphql-core's own ``Executor`` and through ``PlannedExecutor`` and the two
results are compared as JSON text (so field order counts): every benchmark operation with each of
its variable sets, every README example, hypothesis-generated queries over the real schema, and
generated queries over a schema whose data is generated too, built to fail in every way a planned
field can (missing, null, wrongly typed, raising, awaitable, of the wrong object type).
"""

from __future__ import annotations

import asyncio
import enum
import json
from inspect import isawaitable
from typing import Any

import pytest
import strawberry
from graphql import DocumentNode, ExecutionResult, GraphQLObjectType, GraphQLSchema, execute, parse, validate
from graphql.execution import Executor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from bench.operations import OPERATIONS
from graphservice.api.context import Context
from graphservice.api.execution import DeadlineExecutor, prepare
from graphservice.api.limits import QueryLimits
from graphservice.api.planned import PlannedExecutor
from graphservice.api.plans import Plan, Shape, plan_field
from graphservice.api.schema import schema
from graphservice.catalog import Catalog

from ..test_readme import EXAMPLES

GENEROUS = QueryLimits(time_budget=600)
"""No deadline inside a comparison: both runs must do all their work."""


def _run(
    executor: type[Executor[Any]],
    gql_schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None = None,
    context: Any = None,
    root: Any = None,
) -> str:
    async def run() -> Any:  # in a loop, where graphql-core settles cut-off async siblings
        result = execute(
            gql_schema,
            document,
            root_value=root,
            context_value=context,
            variable_values=variables,
            executor_class=executor,
        )
        result = await result if isawaitable(result) else result
        # Let work settled in the background finish, as it would on a server's running loop.
        others = asyncio.all_tasks() - {asyncio.current_task()}
        await asyncio.gather(*others, return_exceptions=True)
        return result

    result = asyncio.run(run())
    assert isinstance(result, ExecutionResult)
    errors = [e.formatted for e in result.errors] if result.errors else None
    return json.dumps({"data": result.data, "errors": errors}, default=repr)


def _same(
    gql_schema: GraphQLSchema,
    text: str,
    variables: dict[str, Any] | None = None,
    context: Any = None,
    root: Any = None,
) -> str:
    """Run ``text`` both ways; return the (equal) answer."""
    document = parse(text)
    theirs = _run(Executor, gql_schema, document, variables, context, root)
    ours = _run(PlannedExecutor, gql_schema, document, variables, context, root)
    assert ours == theirs, text
    return ours


@pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_every_benchmark_operation(novel_catalog: Catalog, op: Any) -> None:
    for variables in (op.variables, *op.varied):
        answer = _same(schema._schema, op.document, variables, Context(novel_catalog, GENEROUS))
        assert '"errors": null' in answer


@pytest.mark.parametrize(
    "query", [q for q, _ in EXAMPLES], ids=[f"example-{i}" for i in range(len(EXAMPLES))]
)
def test_every_readme_example(library_catalog: Catalog, query: str) -> None:
    _same(schema._schema, query, None, Context(library_catalog, GENEROUS))


def test_errors_and_nulls_of_the_real_schema(novel_catalog: Catalog) -> None:
    queries = [
        '{ character(slug: "nobody") { name } }',
        '{ a: character(slug: "kathy-h") { name __typename } b: character(slug: "x") { name } }',
        '{ neighbours(of: "kathy-h", depth: -1) { totalCount } }',
        '{ shortestPath(from: "kathy-h", to: "nowhere") { __typename } }',
        '{ graph(asOf: "no-such-part") { nodes { slug } } }',
        "query($skip: Boolean!) { graph { nodes { slug label @skip(if: $skip) x @include(if: $skip) } } }",
    ]
    for query in queries:
        for variables in ({"skip": True}, {"skip": False}):
            _same(schema._schema, query, variables, Context(novel_catalog, GENEROUS))


def test_the_hot_fields_are_planned() -> None:
    """The fast path is not idle: the graph view's edges, their plain fields and resolvers that
    take only their object are planned; fields with arguments or ``info`` are not."""
    gql = schema._schema

    def kind(type_name: str, field: str) -> tuple[Plan, Shape]:
        found = gql.get_type(type_name)
        assert found is not None
        plan = plan_field(gql, found, field)  # type: ignore[arg-type]
        return plan.plan, plan.shape

    assert kind("GraphView", "edges") == (Plan.READ, Shape.OBJECT_LIST)
    assert kind("GraphEdge", "slug") == (Plan.READ, Shape.LEAF)
    assert kind("GraphEdge", "sentiment") == (Plan.READ, Shape.LEAF)
    assert kind("GraphEdge", "revealed") == (Plan.CALL, Shape.OBJECT)  # a resolver of self alone
    assert kind("GraphView", "periods") == (Plan.CALL, Shape.OBJECT_LIST)
    assert kind("Neighbour", "node") == (Plan.CALL, Shape.OTHER)  # an interface: graphql-core's
    assert kind("Query", "character")[0] is Plan.GENERAL  # arguments
    assert kind("GraphEdge", "__typename")[0] is Plan.TYPENAME


def test_the_service_executor_is_planned() -> None:
    assert issubclass(DeadlineExecutor, PlannedExecutor)


FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@FUZZ
@given(query=from_schema(schema.as_str()))
def test_generated_queries_over_the_real_schema(novel_catalog: Catalog, query: str) -> None:
    prepared = prepare(query, QueryLimits())  # the service's limits keep generated work small
    if not prepared.ok:
        return
    _same(schema._schema, query, None, Context(novel_catalog, GENEROUS))


# A schema made to go wrong: every planned kind of field, fed generated values of every shape.


@strawberry.enum
class Mood(enum.Enum):
    CALM = "calm"
    CROSS = "cross"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Person(Named):
    nickname: str
    age: int | None
    mood: Mood
    maybe_mood: Mood | None
    friend: Person | None
    best: Person
    friends: list[Person]
    loose: list[Person | None] | None
    pals: list[Person] | None

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()  # fails on whatever is not a string

    @strawberry.field
    def buddy(self) -> Person | None:  # resolvers of their object alone are planned too
        return self.friend

    @strawberry.field
    def crew(self) -> list[Person]:
        return self.friends

    @strawberry.field
    @staticmethod
    def echo(root: Person) -> str | None:
        return root.nickname

    @strawberry.field
    async def later(self) -> str | None:
        return self.nickname

    @strawberry.field
    async def later_strict(self) -> str:
        return self.nickname  # an error, after an await, when the nickname is null


@strawberry.type
class Pet:
    """Not a Person: handed where a Person is expected, it fails graphql-core's type check."""

    name: str


@strawberry.type
class Tagged:
    """A type with its own ``is_type_of``, which might read ``info``: never planned."""

    tags: list[str]

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return info.field_name == "tagged" and isinstance(obj, Tagged)


@strawberry.type
class Root:
    tagged: Tagged | None = None
    person: Person | None
    first: Person
    people: list[Person]


class Exploding(Person):
    """A Person whose ``age``, ``friend`` and ``friends`` raise when read."""

    def __repr__(self) -> str:  # the dataclass's would read them (hypothesis shows each draw)
        return f"Exploding(name={self.name!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    @property
    def age(self) -> int:  # type: ignore[override]
        raise ValueError("no age today")

    @property
    def friend(self) -> Person | None:  # type: ignore[override]
        raise ValueError("no friends today")

    @property
    def friends(self) -> list[Person]:  # type: ignore[override]
        raise ValueError("no friends at all")


class Streaming(Person):
    """A Person whose friends come as a fresh iterator on every read (no list, no tuple)."""

    @property
    def friends(self) -> Any:  # type: ignore[override]
        return iter([self.best])


class Awaiting(Person):
    """A Person whose loose friends are awaitables, fresh on every read."""

    @property
    def loose(self) -> Any:  # type: ignore[override]
        async def friend() -> Person:
            return self.best

        return [friend(), None]


TAGGED: st.SearchStrategy[Any] = st.sampled_from(
    [None, Tagged(tags=["a"]), Tagged(tags=[None, 1]), Pet(name="r")]  # type: ignore[list-item]
)
"""What the root's ``tagged`` may hold: fine, wrong items, of the wrong type."""

FAILING = strawberry.Schema(Root, types=[Pet])

_LEAVES = st.sampled_from(
    [None, "a", "", 3, 2.5, True, Mood.CALM, Mood.CROSS, "calm", object(), ValueError("boom")]
)


@st.composite
def _people(draw: st.DrawFn, depth: int = 0) -> Any:
    shape = draw(st.sampled_from(["person", "person", "person", "exploding", "pet", "none", "text"]))
    if shape == "none":
        return None
    if shape == "text":
        return "not an object"
    if shape == "pet":
        return Pet(name="rex")
    below = (lambda: None) if depth >= 2 else (lambda: draw(_people(depth + 1)))
    fields = {
        "name": draw(_LEAVES),
        "nickname": draw(_LEAVES),
        "mood": draw(_LEAVES),
        "maybe_mood": draw(_LEAVES),
        "friend": below(),
        "best": below(),
        "friends": [below() for _ in range(draw(st.integers(0, 2)))] if depth < 2 else [],
        "loose": draw(st.sampled_from([None, "text", ()])) if depth >= 2 else [below(), below()],
        "pals": None if depth >= 2 else draw(st.sampled_from([None, [], "text"])) or [below()],
    }
    if shape == "exploding":
        person = Exploding.__new__(Exploding)
        person.__dict__.update(fields)
        return person
    return Person(age=draw(_LEAVES), **fields)  # type: ignore[arg-type]


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(query=from_schema(FAILING.as_str()), data=st.data())
def test_generated_failures_give_graphql_cores_answer(query: str, data: st.DataObject) -> None:
    gql = FAILING._schema
    if validate(gql, parse(query)):
        return
    root = Root(
        tagged=data.draw(TAGGED),
        person=data.draw(_people()),
        first=data.draw(_people()),
        people=[data.draw(_people()) for _ in range(data.draw(st.integers(0, 3)))],
    )
    _same(gql, query, None, None, root)


def _ann() -> Person:
    """A person with every field fine, but no best friend (a null for a non-null object)."""
    fields: dict[str, Any] = {"name": "ann", "nickname": "nan", "age": 3, "mood": Mood.CALM, "best": None}
    return Person(maybe_mood=None, friend=None, friends=[], loose=None, pals=None, **fields)


def test_the_failing_schema_is_planned_as_the_real_one() -> None:
    gql = FAILING._schema
    person = gql.get_type("Person")
    assert isinstance(person, GraphQLObjectType)

    def kind(field: str) -> tuple[Plan, Shape]:
        plan = plan_field(gql, person, field)
        return plan.plan, plan.shape

    assert kind("nickname") == (Plan.READ, Shape.LEAF)
    assert kind("friend") == (Plan.READ, Shape.OBJECT)
    assert kind("loose") == (Plan.READ, Shape.OBJECT_LIST)
    assert kind("shout") == (Plan.CALL, Shape.LEAF)
    assert kind("buddy") == (Plan.CALL, Shape.OBJECT)
    assert kind("crew") == (Plan.CALL, Shape.OBJECT_LIST)
    assert kind("echo") == (Plan.CALL, Shape.LEAF)  # takes its object as ``root``
    assert kind("later")[0] is Plan.GENERAL  # async
    root = gql.get_type("Root")
    assert isinstance(root, GraphQLObjectType)
    assert plan_field(gql, root, "tagged").shape is Shape.OTHER  # its own is_type_of


def test_each_failure_gives_graphql_cores_error() -> None:
    """The cases the generated test should meet, written out so each is sure to be met."""
    gql = FAILING._schema
    good = _ann()
    exploding = Exploding.__new__(Exploding)
    exploding.__dict__.update(vars(good))
    nameless = Person(**{**vars(good), "nickname": None})
    many = {"friend": good, "friends": [good, good], "loose": [good, None]}
    awaiting = Awaiting.__new__(Awaiting)
    awaiting.__dict__.update({k: v for k, v in vars(good).items() if k != "loose"}, best=good)
    streaming = Streaming.__new__(Streaming)
    streaming.__dict__.update({k: v for k, v in vars(good).items() if k != "friends"}, best=good)
    cases: list[tuple[str, Any, bool]] = [  # query, change to the person, whether errors come
        ("{ person { name nickname age mood } }", {"nickname": None}, True),  # null, non-null leaf
        ("{ person { mood maybeMood } }", {"mood": "sulky", "maybe_mood": 7}, True),  # no coercion
        ("{ person { best { name } } }", {}, True),  # null for a non-null object
        ("{ person { friend { name } } }", {"friend": Pet(name="rex")}, True),  # the wrong type
        ("{ person { friends { name } } }", {"friends": [None]}, True),  # null item in [Person!]!
        ("{ person { loose { name } } }", {"loose": [None, "text"]}, True),  # null and wrong items
        ("{ person { loose { name } } }", {"loose": "text"}, True),  # a string is no list
        ("{ person { later name } }", {}, False),  # an async resolver beside planned fields
        ("{ person { shout buddy { echo } crew { name } } }", {"friend": good, "friends": [good]}, False),
        ("{ person { shout } }", {"name": 3}, True),  # a resolver that raises
        ("{ person { buddy { name } } }", {"friend": Pet(name="rex")}, True),  # resolved, wrong type
        ("{ person { crew { nickname } } }", {"friends": [good, nameless]}, True),
        ("{ person { crew { name } } }", "exploding", True),  # a resolver whose read raises
        ("{ person { friends { later nickname } } }", {"friends": [good]}, False),  # awaitables
        ("{ person { friends { name } } }", "streaming", False),  # an iterator
        ("{ person { age } }", "exploding", True),
        ("{ person { friend { name } } }", "exploding", True),  # an object field that raises
        ("{ person { friends { name } } }", "exploding", True),  # a list that raises
        ("{ person { friend { name } } }", {"friend": ValueError("an error as value")}, True),
        ("{ person { name @include(if: true) nickname @skip(if: false) } }", {}, False),
        ("{ person { later name } }", {"name": None}, True),  # cut off beside an awaitable
        ("{ person { loose { name } } }", "awaiting", False),  # awaitable items
        ("{ person { pals { later nickname } } }", {"pals": [good, nameless]}, True),  # list nulled
        ("{ person { pals { laterStrict } } }", {"pals": [good, nameless]}, True),  # after awaits
        ("{ person { loose { name } pals { name } } }", {"loose": None, "pals": None}, False),
        ("{ person { __typename friend { __typename n: name } } }", {"friend": good}, False),
        ("{ person { friend { nickname } } }", {"friend": nameless}, True),  # stops at friend
        ("{ person { friends { nickname } } }", {"friends": [good, nameless]}, True),  # at person
        ("{ person { loose { nickname later } } }", {"loose": [nameless, None, good]}, True),
        ("{ person { friend { later } friends { later } loose { later } } }", many, False),
        ("{ person { friend { laterStrict } } }", {"friend": nameless}, True),  # async, nulls friend
        ("{ person { friends { laterStrict } } }", {"friends": [good, nameless]}, True),
        ("{ person { loose { laterStrict } } }", {"loose": [good, nameless, None]}, True),
        ("{ first { friends { laterStrict } } }", {"friends": [nameless]}, True),  # up to data
        ("{ person { name } first { nickname } }", {"nickname": None}, True),  # up to data
    ]
    cases += [
        ("{ tagged { tags } }", {}, False),
        ("{ tagged { tags } }", {"tagged": Tagged(tags=None)}, True),  # type: ignore[arg-type]
        ("{ tagged { tags } }", {"tagged": Pet(name="rex")}, True),
    ]
    for query, change, failing in cases:
        if isinstance(change, str):
            person: Any = {"exploding": exploding, "streaming": streaming, "awaiting": awaiting}[change]
        else:
            person = Person(**{**vars(good), **{k: v for k, v in change.items() if k != "tagged"}})
        tagged = change.get("tagged", Tagged(tags=["x"])) if isinstance(change, dict) else None
        root = Root(tagged=tagged, person=person, first=person, people=[person])
        answer = json.loads(_same(gql, query, None, None, root))
        assert (answer["errors"] is not None) is failing, (query, answer)


def test_middleware_leaves_every_field_to_graphql_core() -> None:
    """Middleware wraps every resolver, so with it nothing is planned and it sees every field."""
    seen: dict[str, list[str]] = {}
    now: list[str] = []

    def shouting(next_: Any, source: Any, info: Any, **args: Any) -> Any:
        seen.setdefault(now[-1], []).append(info.field_name)
        value = next_(source, info, **args)
        return value.upper() if isinstance(value, str) else value

    good = _ann()
    document = parse("{ person { name nickname age } }")
    answers = []
    for name, executor in (("core", Executor), ("planned", PlannedExecutor)):
        now.append(name)
        result = execute(
            FAILING._schema,
            document,
            root_value=Root(person=good, first=good, people=[]),
            middleware=[shouting],
            executor_class=executor,
        )
        assert isinstance(result, ExecutionResult)
        answers.append((result.data, result.errors))
    assert answers[0] == answers[1] == ({"person": {"name": "ANN", "nickname": "NAN", "age": 3}}, None)
    assert seen["core"] == seen["planned"] == ["person", "name", "nickname", "age"]
