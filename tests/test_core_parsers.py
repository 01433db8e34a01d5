"""core.parsers: the depth of JSON text, measured without decoding it, against the depth of what
the json module decodes."""

import io
import json
import random

import pytest
from rest_framework.exceptions import ParseError

from core.parsers import MAX_JSON_DEPTH, JSONParser, JSONTooDeep, json_depth, json_loads


def decoded_depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(decoded_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(decoded_depth, value), default=0)
    return 0


# Strings full of what could pass for structure: brackets, quotes, escapes, runs of backslashes.
TRICKY = ["", "[", "]]", "{[", '"', '\\"', "\\", "\\\\", '\\\\"[', '"]"', "a\nb", "é[ü]", "\u2028"]


def random_value(rng: random.Random, depth: int):
    roll = rng.random()
    if depth > 12 or roll < 0.3:
        return rng.choice(TRICKY + [1, 2.5, None, True]) if roll < 0.2 else rng.choice(TRICKY)
    if roll < 0.65:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    return {rng.choice(TRICKY) + str(i): random_value(rng, depth + 1) for i in range(3)}


@pytest.mark.parametrize("seed", range(300))
def test_json_depth_is_the_depth_the_decoder_sees(seed):
    rng = random.Random(seed)
    value = random_value(rng, 0)
    for text in (
        json.dumps(value),
        json.dumps(value, indent=2),
        json.dumps(value, ensure_ascii=False),
    ):
        assert json_depth(text.encode()) == decoded_depth(value), text


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"", 0),
        (b"1", 0),
        (b'"[[[["', 0),
        (b'["\\\\", [[]]]', 3),  # an escaped backslash, then the string ends
        (b'["\\"]", [[]]]', 3),  # an escaped quote does not end the string
        (b'{"a": "\\\\\\"[", "b": [{}]}', 3),
        (b'[""""]', 1),
    ],
)
def test_json_depth_of_chosen_texts(text, depth):
    assert json_depth(text) == depth


def test_json_loads_refuses_more_than_the_limit_without_recursing():
    assert json_loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        with pytest.raises(JSONTooDeep, match=f"deeper than {MAX_JSON_DEPTH}"):
            json_loads("[" * depth + "]" * depth)
    with pytest.raises(JSONTooDeep):  # not JSON, but the decoder would recurse before noticing
        json_loads('["x", ' + "[" * 5000)


def test_json_loads_refuses_nan_as_drf_does():
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_loads('{"x": NaN}')


def _parse(body: bytes, encoding: str = "utf-8"):
    return JSONParser().parse(io.BytesIO(body), "application/json", {"encoding": encoding})


def test_parser_reads_what_drfs_parser_reads():
    assert _parse('{"naïve": ["ü"]}'.encode()) == {"naïve": ["ü"]}
    assert _parse('{"naïve": 1}'.encode("latin-1"), "latin-1") == {"naïve": 1}
    for bad in (b"{not json", b'{"x": NaN}', b'"\xff"', b'"\xed\xa0\x80"'):
        with pytest.raises(ParseError):
            _parse(bad)
