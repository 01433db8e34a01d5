"""The SSRF guard: metadata and link-local addresses never, private ranges only when allowed."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name,unused-argument

import socket

import pytest

from ingestion.ssrf import HostRefused, address_check, host_resolve


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
