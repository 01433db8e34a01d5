"""The SSRF guard every crawler that connects to a host goes through.

A recipe names a host; whoever can write a recipe must not be able to point MDT's Lambda at the
cloud metadata service (169.254.169.254, fd00:ec2::254) or at anything else inside the VPC that
the deployment did not mean to crawl. So the host is resolved here, every address it resolves
to is checked, and the crawler connects to the checked address (not the name again, which a
rebinding DNS server could answer differently the second time).

- Link-local and metadata addresses are refused always, also in their IPv4-mapped IPv6 forms.
- Loopback, private, shared, reserved and other non-global ranges are refused unless one of the
  networks in the ``MDT_INGEST_ALLOWED_NETWORKS`` setting holds them (tests allow 127.0.0.1).
  A deployment sets it from the environment variable of that name (comma-separated CIDRs;
  prod's is the warehouse subnet in zappa_settings.json).
"""

import ipaddress
import socket

from django.conf import settings

from core.errors import ApplicationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "169.254.0.0/16",  # IPv4 link-local, incl. the EC2/ECS/Lambda metadata endpoints
        "fd00:ec2::254/128",  # EC2's IPv6 metadata endpoint
        "fe80::/10",  # IPv6 link-local
        "0.0.0.0/32",  # "this host" reaches the local machine on most stacks
        "::/128",
    )
)


class HostRefused(ApplicationError):
    code = "host_refused"


def _normalize(raw: str) -> IPAddress:
    address = ipaddress.ip_address(raw.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:169.254.169.254 and the deprecated ::169.254.169.254 reach the IPv4 host.
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def _allowed_networks() -> list:
    return [ipaddress.ip_network(net, strict=False) for net in settings.MDT_INGEST_ALLOWED_NETWORKS]


def address_check(raw: str, *, host: str = "") -> IPAddress:
    """Refuse one address (see the module docstring); return it normalized."""
    address = _normalize(raw)
    shown = f"{host} ({raw})" if host and host != raw else raw
    if any(address in net for net in ALWAYS_REFUSED if net.version == address.version):
        raise HostRefused(
            f"Refusing to connect to {shown}: link-local and cloud metadata addresses are never "
            "crawled.",
            fields={"host": ["link-local or metadata address"]},
        )
    if address.is_global:
        return address
    if any(address in net for net in _allowed_networks() if net.version == address.version):
        return address
    raise HostRefused(
        f"Refusing to connect to {shown}: it is a loopback, private or reserved address. "
        "Allow its network in MDT_INGEST_ALLOWED_NETWORKS if this deployment should crawl it.",
        fields={"host": ["private or reserved address not allowed"]},
    )


def host_resolve(host: str, port: int | None = None) -> str:
    """Resolve ``host``, check every address it resolves to, return the first one to connect
    to. A name that resolves to one refused address is refused as a whole."""
    if not host:
        raise HostRefused("No host given.", fields={"host": ["required"]})
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostRefused(
            f"Cannot resolve host {host!r}: {exc}", fields={"host": ["cannot resolve"]}
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    checked = [address_check(raw, host=host) for raw in addresses]
    return str(checked[0])
