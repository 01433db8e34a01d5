"""DRF throttles over ``accounts.rates``: a request over its limit gets a 429 in the error
shape with ``Retry-After`` (``core.rest.exception_handler``)."""

from typing import Any, Callable, TypeVar

from django.conf import settings
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from accounts import rates

T = TypeVar("T")


def client_address(request: Request) -> str:
    """The caller's address: the header ``MDT_CLIENT_ADDRESS_HEADER`` names (on Lambda, API
    Gateway's ``sourceIp`` as Zappa copies it, see settings), else REMOTE_ADDR. Never
    X-Forwarded-For, whose first entries the client writes."""
    header = settings.MDT_CLIENT_ADDRESS_HEADER
    key = f"HTTP_{header.upper().replace('-', '_')}" if header else "REMOTE_ADDR"
    return str(request.META.get(key) or request.META.get("REMOTE_ADDR") or "unknown")


class _RateThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self._wait: float | None = None

    def who(self, request: Request) -> str | None:
        """Whom the request counts against; None: not counted."""
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        who = self.who(request)
        if who is None:
            return True
        self._wait = rates.rate_hit(self.scope, who)
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


class LoginThrottle(_RateThrottle):
    """Login attempts per client address (the per-username lock is ``login_failures``)."""

    scope = "login"

    def who(self, request: Request) -> str | None:
        return client_address(request)


class RefreshThrottle(_RateThrottle):
    scope = "refresh"

    def who(self, request: Request) -> str | None:
        return client_address(request)


class WriteThrottle(_RateThrottle):
    """Writes per account; reads are not counted (and cost no query)."""

    scope = "write"

    def who(self, request: Request) -> str | None:
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD", "OPTIONS") or not getattr(user, "pk", None):
            return None
        return f"user{user.pk}"


def login_checked(username: Any, authenticate: Callable[[], T]) -> T:
    """Run ``authenticate`` (a login with ``username``'s password) unless that username has
    failed too often in the current ``login_failures`` window (429), and count it when it
    fails. Failures only: a person who logs in right is never held back by their own logins."""
    who = str(username)[:150] if isinstance(username, str) and username else None
    if who is not None and (wait := rates.rate_wait("login_failures", who)) is not None:
        raise exceptions.Throttled(
            wait=wait,
            detail=f"Too many failed logins for {who!r}; try again in {int(wait)} seconds.",
        )
    try:
        return authenticate()
    except exceptions.AuthenticationFailed:
        if who is not None:
            rates.rate_hit("login_failures", who)
        raise
