"""The fast path of the bulk API's field parser against the checked one: same FieldSpec for
every well-formed field, same error (with its path) for every malformed one."""

import random

import pytest

from catalog.ingestion.batch import ItemError
from catalog.ingestion.serializers import ItemInvalid, _field, _field_checked, item_parse

VALUES = [None, True, False, 0, 3, -1, 1.5, "", "x", "y" * 501, [], ["pii"], [1], ("t",), {}]
KEYS = [
    "field_path",
    "type",
    "native_type",
    "nullable",
    "is_key",
    "is_partition",
    "description",
    "tags",
    "glossary_terms",
    "ordinal",
    "unknown",
]


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
