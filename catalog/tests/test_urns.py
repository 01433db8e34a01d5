import pytest

from catalog.urns import DatasetUrn, InvalidUrn, parse_dataset_urn, parse_owner_urn
from core.errors import ApplicationError


@pytest.mark.parametrize(
    ("urn", "platform", "name", "origin"),
    [
        (
            "urn:li:dataset:(urn:li:dataPlatform:hive,tracking.pageviewevent,PROD)",
            "hive",
            "tracking.pageviewevent",
            "PROD",
        ),
        (
            "urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/tracking/PageViewEvent,EI)",
            "hdfs",
            "/data/tracking/PageViewEvent",
            "EI",
        ),
        (
            "urn:li:dataset:(urn:li:dataPlatform:kafka,events,with,commas,DEV)",
            "kafka",
            "events,with,commas",
            "DEV",
        ),
        (
            "urn:li:dataset:(urn:li:dataPlatform:delta-lake,s3://b/k (v2),CORP)",
            "delta-lake",
            "s3://b/k (v2)",
            "CORP",
        ),
    ],
)
def test_parse_dataset_urn_splits_platform_name_and_origin(urn, platform, name, origin):
    parsed = parse_dataset_urn(urn)
    assert (parsed.platform, parsed.name, parsed.origin) == (platform, name, origin)
    assert str(parsed) == urn


@pytest.mark.parametrize(
    ("urn", "reason"),
    [
        ("", "empty"),
        ("urn:li:dataset:hive,x,PROD", "must start with"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive,x,PROD", "must end with"),
        ("urn:li:dataset:(hive,x,PROD)", "platform URN"),
        ("urn:li:dataset:(urn:li:dataPlatform:Hive!,x,PROD)", "not a valid platform name"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive,x,PRODUCTION)", "not one of"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive,,PROD)", "name is empty"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive,PROD)", "three comma-separated"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive, x ,PROD)", "spaces"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive,a\nb,PROD)", "control characters"),
        ("urn:li:dataset:(urn:li:dataPlatform:hive," + "x" * 600 + ",PROD)", "longer than"),
    ],
)
def test_parse_dataset_urn_says_what_is_wrong(urn, reason):
    with pytest.raises(InvalidUrn) as excinfo:
        parse_dataset_urn(urn)
    assert reason in excinfo.value.message
    assert excinfo.value.fields["urn"]


def test_dataset_urn_build_validates():
    assert str(DatasetUrn.build(platform="mysql", name="shop.orders")) == (
        "urn:li:dataset:(urn:li:dataPlatform:mysql,shop.orders,PROD)"
    )
    with pytest.raises(InvalidUrn):
        DatasetUrn.build(platform="mysql", name="shop.orders", origin="LIVE")


def test_parse_owner_urn_accepts_users_groups_and_bare_usernames():
    assert parse_owner_urn("urn:li:corpuser:jdoe") == ("user", "jdoe")
    assert parse_owner_urn("urn:li:corpGroup:data-eng") == ("group", "data-eng")
    assert parse_owner_urn("jdoe") == ("user", "jdoe")
    with pytest.raises(ApplicationError):
        parse_owner_urn("urn:li:tag:PII")
    with pytest.raises(ApplicationError):
        parse_owner_urn("urn:li:corpuser:")
