"""The SSRF guard: metadata and link-local addresses never, private ranges only when allowed."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name,unused-argument

import runpy
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from ingestion.ssrf import HostRefused, address_check, host_resolve
from metadata_discovery.env import env_networks
from metadata_discovery.settings import base as base_settings


@pytest.fixture
def no_allow_list(settings):
    settings.MDT_INGEST_ALLOWED_NETWORKS = []


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "::ffff:169.254.169.254", "fe80::1"],
)
def test_metadata_and_link_local_addresses_are_refused_even_when_allowed(settings, address):
    settings.MDT_INGEST_ALLOWED_NETWORKS = ["0.0.0.0/0", "::/0"]
    with pytest.raises(HostRefused, match="never crawled"):
        address_check(address)


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "172.16.0.5", "192.168.1.1", "127.0.0.1", "::1", "::ffff:10.0.0.1"]
)
def test_private_and_loopback_addresses_are_refused_without_the_allow_list(no_allow_list, address):
    with pytest.raises(HostRefused, match="MDT_INGEST_ALLOWED_NETWORKS"):
        address_check(address)


def test_loopback_is_allowed_only_with_the_setting(settings):
    settings.MDT_INGEST_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    assert host_resolve("127.0.0.1", 5432) == "127.0.0.1"
    with pytest.raises(HostRefused):
        address_check("10.0.0.1")
    settings.MDT_INGEST_ALLOWED_NETWORKS = []
    with pytest.raises(HostRefused):
        host_resolve("127.0.0.1", 5432)


def test_public_addresses_pass(no_allow_list):
    assert str(address_check("93.184.216.34")) == "93.184.216.34"


def test_a_name_resolving_to_a_metadata_address_is_refused(no_allow_list, monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        assert host == "innocent.example.com"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(HostRefused, match="innocent.example.com"):
        host_resolve("innocent.example.com", 5432)


def test_an_unresolvable_host_is_refused(no_allow_list, monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(HostRefused, match="Cannot resolve"):
        host_resolve("nowhere.invalid")


# --- MDT_INGEST_ALLOWED_NETWORKS from the environment ----------------------------------------


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
