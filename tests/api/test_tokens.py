"""The fast token limit against graphql-core's: the same count as its lexer (comments included), the
same refusal, message and location as ``parse(max_tokens=...)``, and no early refusal of anything
graphql-core would read to the end."""

from __future__ import annotations

from graphql import GraphQLError, Lexer, Source, TokenKind, parse
from hypothesis import given, settings
from hypothesis import strategies as st

from graphservice.api.tokens import over_token_limit, token_count

_NAMES = st.from_regex(r"[_A-Za-z][_0-9A-Za-z]{0,6}", fullmatch=True)
_NUMBERS = st.from_regex(r"-?(0|[1-9][0-9]{0,3})(\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?", fullmatch=True)
_STRINGS = st.lists(
    st.sampled_from(["a", " ", "é", '\\"', "\\\\", "\\n", "#", '"""', "{", "\\u00e9"]), max_size=6
).map(lambda parts: '"' + "".join(p for p in parts if p != '"""') + '"')
_BLOCKS = st.lists(st.sampled_from(["a", "\n", '"', '""', '\\"""', "#", " ", "{"]), max_size=6).map(
    lambda parts: '"""' + "".join(parts) + '"""'
)
_COMMENTS = st.text(alphabet="ab #{}\"'", max_size=8).map(lambda body: "#" + body + "\n")
_PUNCTUATORS = st.sampled_from(["!", "$", "&", "(", ")", "...", ":", "=", "@", "[", "]", "{", "|", "}"])
_TOKENS = st.one_of(_NAMES, _NUMBERS, _STRINGS, _BLOCKS, _COMMENTS, _PUNCTUATORS)
_GAPS = st.sampled_from([" ", "\n", ",", "\t", " , ", "\r\n", "\ufeff"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_TOKENS, _GAPS), max_size=40))
    return "".join(token + gap for token, gap in parts)


def _lexer_count(text: str) -> int | None:
    lexer = Lexer(Source(text))
    count = 0
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            count += 1
            token = lexer.advance()
    except GraphQLError:
        return None
    # The lexer skips comments; graphql-core's max_tokens counts them: walk the linked tokens.
    count = 0
    token = lexer.token
    start = token
    while start.prev is not None:
        start = start.prev
    walk = start.next
    while walk is not None and walk.kind is not TokenKind.EOF:
        count += 1
        walk = walk.next
    return count


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_count_is_graphql_cores_own(text: str) -> None:
    expected = _lexer_count(text)
    if expected is not None:  # a document graphql-core's lexer reads to the end
        assert token_count(text) == expected


@settings(max_examples=400, deadline=None)
@given(documents(), st.integers(min_value=0, max_value=30))
def test_the_refusal_is_parses_refusal(text: str, limit: int) -> None:
    fast = over_token_limit(text, limit)
    try:
        parse(text, max_tokens=limit)
    except GraphQLError as error:
        slow: GraphQLError | None = error
    else:
        slow = None
    if fast is None:
        return  # graphql-core decides, as before
    assert slow is not None, "refused a document graphql-core accepts"
    if "tokens. Parsing aborted." in slow.message:  # not an earlier syntax error
        assert (fast.message, fast.locations) == (slow.message, slow.locations)


def test_a_long_document_is_refused_after_reading_only_to_the_limit() -> None:
    text = "{ " + " ".join(f"f{i}" for i in range(60_000)) + " }"
    error = over_token_limit(text, 5000)
    assert error is not None
    assert error.message == "Syntax Error: Document contains more than 5000 tokens. Parsing aborted."
    assert error.locations is not None and error.locations[0].line == 1
    assert over_token_limit("{ a b c }", 5) is None
    assert over_token_limit("{ a b c d e }", 5) is not None
