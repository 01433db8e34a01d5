from search.query import parse_query


def test_free_text_becomes_lowercase_terms_and_keeps_the_raw_text():
    parsed = parse_query("Tracking.PageViewEvent daily")
    assert parsed.terms == ["tracking", "pageviewevent", "daily"]
    assert parsed.raw_text == "Tracking.PageViewEvent daily"


def test_known_keys_become_filters_unknown_keys_stay_text():
    parsed = parse_query(
        "platform:hive owner:aberger tag:PII env:prod term:Finance.Revenue foo:bar"
    )
    assert parsed.filters == {
        "platform": ["hive"],
        "owner": ["urn:li:corpuser:aberger"],
        "tag": ["PII"],
        "origin": ["PROD"],
        "term": ["Finance.Revenue"],
    }
    assert parsed.terms == ["foo", "bar"]


def test_group_owners_keep_their_urn():
    assert parse_query("owner:urn:li:corpGroup:analytics").filters == {
        "owner": ["urn:li:corpGroup:analytics"]
    }


def test_phrases_and_exclusions():
    parsed = parse_query('"page view" orders -legacy -tag:deprecated')
    assert parsed.phrases == ["page view"]
    assert parsed.terms == ["orders"]
    assert parsed.excluded_terms == ["legacy"]
    assert parsed.excluded_filters == {"tag": ["deprecated"]}
    assert parsed.highlight_terms == ["orders", "page", "view"]


def test_unbalanced_quotes_and_empty_input_do_not_fail():
    assert parse_query('"unclosed phrase').terms == ["unclosed", "phrase"]
    assert not parse_query("").has_text
    assert not parse_query("   ").has_text
    assert not parse_query("-").terms
