"""Optimistic concurrency over HTTP: a dataset's version is its ETag, and a write may name the
version it was made on in ``If-Match`` (RFC 9110 §13.1.1); the service refuses it with a 412
when the version moved on (``core.errors.PreconditionFailedError``)."""

import re

from django.http import HttpRequest

from core.errors import ApplicationError

_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def etag(version: int) -> str:
    """A version as a strong ETag: ``"12"``."""
    return f'"{version}"'


def if_match_version(request: HttpRequest) -> int | None:
    """The version a write's ``If-Match`` names (``"12"``, ``W/"12"`` or ``12``); None without
    the header or with ``*`` (then the write applies to whatever version is current, as before
    If-Match existed). Anything else is a 400 naming the header."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _IF_MATCH.match(header)
    if match is None:
        raise ApplicationError(
            'If-Match must be the ETag of the version you edited, such as "12".',
            fields={"If-Match": [f"Not a version ETag: {header[:100]!r}"]},
        )
    return int(match.group(1))
