"""JSON in and out: orjson and the standard library give the same text."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest

from graphservice import jsonio

VALUES: list[Any] = [
    {"data": {"name": "Kathy H.", "score": 0.125, "n": 3, "ok": True, "none": None}},
    {"text": "Ishiguro\u2019s \u301e dash, é, 日本"},
    [1, 2.5, "x", {"b": 1, "a": 2}],
]


@pytest.mark.parametrize("value", VALUES)
def test_dumps_matches_compact_standard_json(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    assert jsonio.dumps(value) == expected
    with mock.patch.object(jsonio, "orjson", None):
        assert jsonio.dumps(value) == expected


@pytest.mark.parametrize("value", VALUES)
def test_canonical_sorts_keys_with_either_backend(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    assert jsonio.canonical(value) == expected
    with mock.patch.object(jsonio, "orjson", None):
        assert jsonio.canonical(value) == expected


def test_integers_beyond_64_bits_fall_back_to_the_standard_library() -> None:
    big = 2**70
    assert jsonio.dumps({"n": big}) == b'{"n":' + str(big).encode() + b"}"
    assert jsonio.loads(b'{"n": ' + str(big).encode() + b"}") == {"n": big}


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe", b'{"a": }', b""])
def test_invalid_json_raises_value_error(raw: bytes) -> None:
    with pytest.raises(ValueError):
        jsonio.loads(raw)


def test_loads_reads_utf8_bytes() -> None:
    assert jsonio.loads('{"t": "é"}'.encode()) == {"t": "é"}
