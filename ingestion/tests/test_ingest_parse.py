"""The bulk API's parser: its fast path for fields against the checked one (same FieldSpec for
every well-formed field, same error, with its path, for every malformed one); the whole parser,
made from the description, against the frozen hand-written one (``oracle_parse``); and Swagger
showing that same description."""

import copy
import random

import pytest
from rest_framework.test import APIClient

from catalog.writer.items import ItemError
from ingestion.serializers import (
    FIELD,
    ITEM,
    OWNER,
    UPSTREAM,
    ItemInvalid,
    Shape,
    _field,
    _field_checked,
    item_parse,
)
from ingestion.tests import oracle_parse

SCALAR_VALUES = [
    None,
    True,
    False,
    0,
    3,
    -1,
    2**31 - 1,
    2**31,
    1.5,
    "",
    "x",
    "y" * 501,
    "d" * 20_001,
]
VALUES = [*SCALAR_VALUES, [], ["pii"], [1], ("t",), {}]
KEYS = [*FIELD.values, "unknown"]  # every key of a schema field, and one it has not


def _outcome(parse, value):
    try:
        return parse(value, "schema[0]")
    except ItemInvalid as exc:
        return ("invalid", exc.name, exc.message)


@pytest.mark.parametrize("seed", range(20))
def test_field_fast_path_matches_the_checked_parser(seed):
    rng = random.Random(seed)
    for _ in range(500):
        value = {"field_path": "a.b", "type": "string"}
        for key in rng.sample(KEYS, rng.randint(0, 4)):
            value[key] = rng.choice(VALUES)
        if rng.random() < 0.05:
            value = rng.choice(VALUES)
        assert _outcome(_field, value) == _outcome(_field_checked, value), value


def test_item_parse_names_the_field_at_fault():
    document = {
        "urn": "urn:li:dataset:(urn:li:dataPlatform:hive,db.t,PROD)",
        "schema": [{"field_path": "a", "type": "string"}, {"field_path": "b", "type": 3}],
    }
    error = item_parse(7, document)
    assert isinstance(error, ItemError)
    assert (error.index, error.message) == (7, "schema[1].type: must be a string.")


# --- the description-driven parser against the frozen hand-written one ------------------------

SCALARS = [None, True, False, 0, 7, -1, 1.5, "", "x", "y" * 501, "z" * 201, "q" * 301]
LISTS = [[], ["pii"], [1], ["a", None], [{}], [{"upstreams": ["a"]}], ["w" * 201]]


def _random_value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if roll < 0.5 or depth > 1:
        return rng.choice(SCALARS)
    if roll < 0.8:
        return rng.choice(LISTS)
    return {"k": rng.choice(SCALARS)} if rng.random() < 0.5 else {"k": "v", "n": 1}


def _random_object(rng: random.Random, shape: Shape, valid: dict) -> dict:
    """A mostly valid object of ``shape``: some keys left out, some broken, rarely an unknown."""
    value = {}
    for key in sorted(shape.keys):
        # A key newer than the frozen oracle (display_name) is left out: its own test below.
        if key not in valid or rng.random() < 0.5:
            continue
        value[key] = valid[key](rng) if rng.random() < 0.85 else _random_value(rng)
    for key in shape.required:
        if rng.random() < 0.97:
            value.setdefault(key, valid[key](rng))
    if rng.random() < 0.03:
        value["unknown"] = 1
    return value


VALID_FIELD = {
    "field_path": lambda rng: rng.choice(["a", "b.c", ""]),
    "type": lambda rng: rng.choice(["string", "number", "bogus"]),
    "native_type": lambda rng: rng.choice(["", "int", "v" * 500]),
    "nullable": lambda rng: rng.random() < 0.5,
    "is_key": lambda rng: rng.random() < 0.5,
    "is_partition": lambda rng: rng.random() < 0.5,
    "description": lambda rng: rng.choice(["", "d", "d" * 20_000, "d" * 20_001]),
    "tags": lambda rng: rng.choice([[], ["pii"], ["a", "b"]]),
    "glossary_terms": lambda rng: rng.choice([[], ["T.x"], ["t" * 200]]),
    "ordinal": lambda rng: rng.choice([None, 0, 3, 2**31 - 1, 2**31]),
}
VALID_OWNER = {
    "owner": lambda rng: rng.choice(["urn:li:corpuser:a", "x"]),
    "type": lambda rng: rng.choice(["TECHNICAL_OWNER", "KING"]),
}
VALID_UPSTREAM = {
    "urn": lambda rng: rng.choice(["urn:li:dataset:(urn:li:dataPlatform:hive,a.b,PROD)", "u"]),
    "type": lambda rng: rng.choice(["COPY", "VIEW"]),
    "actor": lambda rng: rng.choice(["", "a" * 300]),
    "column_mappings": lambda rng: rng.choice([[], [{"upstreams": ["a"], "downstreams": ["b"]}]]),
}


def _random_document(rng: random.Random) -> object:
    if rng.random() < 0.02:
        return rng.choice(SCALARS + LISTS)

    def many(shape, valid):
        return lambda rng: [_random_object(rng, shape, valid) for _ in range(rng.randint(0, 3))]

    valid = {
        "urn": lambda rng: rng.choice(["urn:li:dataset:(urn:li:dataPlatform:hive,d.t,PROD)", "u"]),
        "description": lambda rng: rng.choice([None, "", "d", "d" * 200_001]),
        "qualified_name": lambda rng: rng.choice([None, "q", "q" * 500]),
        "custom_properties": lambda rng: rng.choice([{}, {"a": "b"}, {"n": 1, "f": 1.5}]),
        "browse_path": lambda rng: rng.choice([None, "/a", "a"]),
        "domain": lambda rng: rng.choice([None, "sales"]),
        "schema": many(FIELD, VALID_FIELD),
        "owners": many(OWNER, VALID_OWNER),
        "tags": lambda rng: rng.choice([[], ["pii"]]),
        "glossary_terms": lambda rng: rng.choice([[], ["T.x"]]),
        "upstreams": many(UPSTREAM, VALID_UPSTREAM),
        "removed": lambda rng: rng.random() < 0.5,
    }
    return _random_object(rng, ITEM, valid)


def _beyond_new_bounds(document: object) -> bool:
    """Whether ``document`` has a value over a bound the oracle did not have: a description
    over 200k characters, a field's over 20k, an ordinal over 2^31 - 1 (the database's
    integer column). The parser now refuses those; everything else is as the oracle says.
    (NUL characters, surrogates and column mappings are the writer's to refuse, not the
    parser's: see test_ingest_api.)"""
    if not isinstance(document, dict):
        return False
    description = document.get("description")
    if isinstance(description, str) and len(description) > 200_000:
        return True
    fields = document.get("schema")
    for field in fields if isinstance(fields, list) else ():
        if not isinstance(field, dict):
            continue
        ordinal, text = field.get("ordinal"), field.get("description")
        if isinstance(ordinal, int) and not isinstance(ordinal, bool) and ordinal >= 2**31:
            return True
        if isinstance(text, str) and len(text) > 20_000:
            return True
    return False


@pytest.mark.parametrize("seed", range(10))
def test_item_parse_matches_the_frozen_hand_written_parser(seed):
    rng = random.Random(seed)
    outcomes = set()
    for index in range(400):
        document = _random_document(rng)
        expected = oracle_parse.item_parse(index, copy.deepcopy(document))
        parsed = item_parse(index, document)
        if _beyond_new_bounds(document):
            # Refused by the new parser: with the oracle's error when the oracle found one
            # first, else with the new bound's.
            assert isinstance(parsed, ItemError), document
            assert parsed == expected or "must be at most" in parsed.message, (parsed, expected)
            outcomes.add("beyond")
            continue
        assert parsed == expected, document
        outcomes.add(type(expected).__name__)
    # both sides of the parser, and the new bounds, were exercised
    assert outcomes == {"IngestItem", "ItemError", "beyond"}


def test_swagger_documents_the_description_that_item_parse_checks(db):  # pylint: disable=W0613
    definitions = APIClient().get("/api/swagger.json").json()["definitions"]
    for shape in (ITEM, FIELD, OWNER, UPSTREAM):
        shown = definitions[shape.title]
        assert set(shown["properties"]) == set(shape.keys), shape.title
        assert sorted(shown.get("required", [])) == list(shape.required), shape.title
    field = definitions["IngestField"]["properties"]
    assert field["native_type"]["maxLength"] == FIELD.values["native_type"].max_length
    assert field["type"]["enum"] == list(FIELD.values["type"].enum)
    assert field["ordinal"]["minimum"] == 0
    assert field["ordinal"]["maximum"] == FIELD.values["ordinal"].maximum == 2**31 - 1
    assert field["description"]["maxLength"] == 20_000


def test_item_parse_takes_a_display_name_within_its_bound():
    urn = "urn:li:dataset:(urn:li:dataPlatform:hive,db.t,PROD)"
    parsed = item_parse(0, {"urn": urn, "display_name": "Orders"})
    assert parsed.display_name == "Orders"
    assert item_parse(0, {"urn": urn, "display_name": None}).display_name is None
    refused = item_parse(0, {"urn": urn, "display_name": "x" * 501})
    assert isinstance(refused, ItemError)
    assert refused.message == "display_name: must be at most 500 characters."
