"""MDT_INGEST_ALLOWED_NETWORKS, the SSRF guard's allow-list, read from the environment by the
project's settings (the guard itself is tested in ingestion/tests/test_ssrf.py)."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

from ingestion.ssrf import HostRefused, address_check
from metadata_discovery.env import env_networks
from metadata_discovery.settings import base as base_settings


def test_the_settings_read_the_allowed_networks_from_the_environment(monkeypatch):
    monkeypatch.setenv("MDT_INGEST_ALLOWED_NETWORKS", " 10.40.32.0/20 ,fd00:40::/64,,")
    base = runpy.run_path(base_settings.__file__)  # a fresh copy, not the live settings
    assert base["MDT_INGEST_ALLOWED_NETWORKS"] == ["10.40.32.0/20", "fd00:40::/64"]
    monkeypatch.delenv("MDT_INGEST_ALLOWED_NETWORKS")
    assert not env_networks("MDT_INGEST_ALLOWED_NETWORKS", [])


@pytest.mark.parametrize(
    "value",
    [
        "10.40.32.0/33",
        "warehouse.internal",
        "10.40.32.0/20;10.40.48.0/20",
        "10.40.33.0/16",  # host bits set: a /24 meant, or the whole /16?
    ],
)
def test_a_bad_cidr_in_the_environment_stops_the_settings_naming_it(monkeypatch, value):
    monkeypatch.setenv("MDT_INGEST_ALLOWED_NETWORKS", f"10.40.0.0/20,{value}")
    with pytest.raises(ImproperlyConfigured, match="MDT_INGEST_ALLOWED_NETWORKS") as error:
        runpy.run_path(base_settings.__file__)
    assert repr(value) in str(error.value)


def test_the_guard_allows_the_warehouse_subnet_from_the_environment_and_nothing_else(
    monkeypatch, settings
):
    # prod's value: the warehouse's /20 of the VPC, not MDT's own subnets (its database).
    monkeypatch.setenv("MDT_INGEST_ALLOWED_NETWORKS", "10.40.32.0/20")
    settings.MDT_INGEST_ALLOWED_NETWORKS = env_networks("MDT_INGEST_ALLOWED_NETWORKS", [])
    assert str(address_check("10.40.33.7")) == "10.40.33.7"
    assert str(address_check("::ffff:10.40.47.254")) == "10.40.47.254"
    for outside in ("10.40.0.12", "10.40.48.1", "192.168.1.1", "127.0.0.1"):
        with pytest.raises(HostRefused, match="MDT_INGEST_ALLOWED_NETWORKS"):
            address_check(outside)
