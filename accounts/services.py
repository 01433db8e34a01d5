import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.errors import AccountForbidden, ServiceTokenForbidden, ServiceTokenInvalid
from accounts.models import Group, Role, ServiceToken, ServiceTokenStatus, User
from core.errors import ApplicationError, ConflictError

# Service tokens start with this, so the authentication classes tell them from JWTs at a glance
# (and secret scanners can recognise a leaked one).
SERVICE_TOKEN_PREFIX = "mdt_pat_"
# The prefix plus this many characters of the secret are kept in clear to identify a token.
_VISIBLE_SECRET_CHARS = 8
_SECRET_BYTES = 32
_TOKEN_RE = re.compile(rf"{SERVICE_TOKEN_PREFIX}[A-Za-z0-9_-]{{43}}")
# DataHub's durations (1 hour … never), plus a week.
SERVICE_TOKEN_DURATIONS: dict[str, timedelta | None] = {
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "1w": timedelta(weeks=1),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
    "180d": timedelta(days=180),
    "365d": timedelta(days=365),
    "never": None,
}
DEFAULT_SERVICE_TOKEN_DURATION = "30d"
# last_used_at is written at most this often per token: a pipeline sending a request a second
# must not turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedServiceToken:
    """A new token and its secret: the only time the secret exists outside the client."""

    token: ServiceToken
    secret: str


def user_get_or_create(*, username: str, display_name: str = "", email: str = "") -> User:
    """The user an owner reference names; created without a usable password if new, so an
    owner that ingestion mentions can be shown and picked before that person ever logs in."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"display_name": display_name, "email": email, "role": Role.READER},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def group_get_or_create(*, name: str, display_name: str = "") -> Group:
    group, _ = Group.objects.get_or_create(name=name, defaults={"display_name": display_name})
    return group


# Rows per ``IN (...)`` list: well under SQLite's and PostgreSQL's parameter limits.
_CHUNK = 500


@dataclass(frozen=True)
class UserProfile:  # pylint: disable=too-many-instance-attributes
    """A user to ensure; every value but the name is used only when the user is created."""

    username: str
    display_name: str = ""
    email: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    role: str = Role.READER
    is_admin: bool = False
    password: str | None = None  # None: no usable password (an owner, not a login)


@dataclass(frozen=True)
class GroupProfile:
    """A group to ensure; its members are added (never removed) whether it is new or not."""

    name: str
    display_name: str = ""
    email: str = ""
    description: str = ""
    members: tuple[str, ...] = field(default=())


def users_ensure(*, users: Iterable[UserProfile | str]) -> dict[str, User]:
    """username → user for every name given, creating the missing ones in one bulk insert
    (a bare name is a reader without a usable password, as ``user_get_or_create`` makes it).
    An existing user is never changed (no password reset). Safe against a concurrent insert of
    the same name: that one is kept."""
    profiles = {p.username: p for p in (UserProfile(u) if isinstance(u, str) else u for u in users)}
    found = _users_by_name(sorted(profiles))
    missing = [profiles[name] for name in sorted(profiles) if name not in found]
    if missing:
        User.objects.bulk_create(
            [
                User(
                    username=p.username,
                    display_name=p.display_name,
                    email=p.email,
                    title=p.title,
                    first_name=p.first_name,
                    last_name=p.last_name,
                    role=p.role,
                    is_staff=p.is_admin,
                    is_superuser=p.is_admin,
                    password=make_password(p.password),
                )
                for p in missing
            ],
            ignore_conflicts=True,
        )
        found.update(_users_by_name([p.username for p in missing]))
    return found


def _users_by_name(names: Sequence[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        found.update({u.username: u for u in User.objects.filter(username__in=chunk)})
    return found


def groups_ensure(*, groups: Iterable[GroupProfile | str]) -> dict[str, Group]:
    """name → group for every name given, creating the missing ones in one bulk insert and
    adding the members a profile lists (users that do not exist are an error)."""
    profiles = {p.name: p for p in (GroupProfile(g) if isinstance(g, str) else g for g in groups)}
    names = sorted(profiles)
    if names:
        Group.objects.bulk_create(
            [
                Group(
                    name=p.name,
                    display_name=p.display_name,
                    email=p.email,
                    description=p.description,
                )
                for p in profiles.values()
            ],
            ignore_conflicts=True,
        )
    found: dict[str, Group] = {}
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        found.update({g.name: g for g in Group.objects.filter(name__in=chunk)})
    member_names = sorted({m for p in profiles.values() for m in p.members})
    if member_names:
        members = _users_by_name(member_names)
        unknown = [name for name in member_names if name not in members]
        if unknown:
            raise ApplicationError(
                f"Unknown group members: {', '.join(unknown)}.",
                fields={"members": [f"unknown user {name!r}" for name in unknown]},
            )
        for name, profile in profiles.items():
            if profile.members:
                found[name].members.add(*[members[m] for m in profile.members])
    return found


def service_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def service_token_expiry(
    *, expires_in: str | None = None, expires_at: datetime | None = None, now: datetime
) -> datetime | None:
    """When a token made at ``now`` expires: an explicit date, or a duration from
    SERVICE_TOKEN_DURATIONS (``never`` → None); the default duration without either."""
    if expires_in is not None and expires_at is not None:
        raise ApplicationError(
            "Give either expires_in or expires_at, not both.",
            fields={"expires_at": ["Give either expires_in or expires_at, not both."]},
        )
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            expires_at = timezone.make_aware(expires_at, timezone.get_default_timezone())
        if expires_at <= now:
            raise ApplicationError(
                "expires_at must be in the future.",
                fields={"expires_at": ["Must be in the future."]},
            )
        return expires_at
    duration_name = DEFAULT_SERVICE_TOKEN_DURATION if expires_in is None else expires_in
    if duration_name not in SERVICE_TOKEN_DURATIONS:
        message = f"Choose one of {', '.join(SERVICE_TOKEN_DURATIONS)}."
        raise ApplicationError(message, fields={"expires_in": [message]})
    duration = SERVICE_TOKEN_DURATIONS[duration_name]
    return None if duration is None else now + duration


def service_token_create(
    *,
    owner: User,
    name: str,
    expires_in: str | None = None,
    expires_at: datetime | None = None,
    actor: User | None,
) -> IssuedServiceToken:
    """A new token acting as ``owner``, expiring as ``service_token_expiry`` says. ``actor`` is
    who asks (None: an operator at the command line); only admins make tokens for others."""
    if actor is not None and actor.pk != owner.pk and not actor.is_mdt_admin:
        raise ServiceTokenForbidden("Only admins may create tokens for other users.")
    if not owner.is_active:
        raise ApplicationError(
            f"User {owner.username!r} is inactive.", fields={"owner": ["User is inactive."]}
        )
    name = name.strip()
    if not name:
        raise ApplicationError("A token needs a name.", fields={"name": ["May not be blank."]})
    now = timezone.now()
    expires = service_token_expiry(expires_in=expires_in, expires_at=expires_at, now=now)
    secret = SERVICE_TOKEN_PREFIX + secrets.token_urlsafe(_SECRET_BYTES)
    token = ServiceToken.objects.create(
        name=name,
        owner=owner,
        prefix=secret[: len(SERVICE_TOKEN_PREFIX) + _VISIBLE_SECRET_CHARS],
        digest=service_token_digest(secret),
        created_at=now,
        expires_at=expires,
    )
    return IssuedServiceToken(token=token, secret=secret)


def service_token_revoke(*, token: ServiceToken, actor: User) -> ServiceToken:
    """Revoke a token (its owner or an admin); revoking a revoked token changes nothing."""
    if actor.pk != token.owner_id and not actor.is_mdt_admin:
        raise ServiceTokenForbidden("Only the token's owner and admins may revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        # Only where still unrevoked, so a concurrent revoke keeps the first time.
        ServiceToken.objects.filter(pk=token.pk, revoked_at=None).update(
            revoked_at=token.revoked_at
        )
        token.refresh_from_db(fields=["revoked_at"])
    return token


def service_token_authenticate(*, secret: str) -> ServiceToken:
    """The active token whose secret this is, with its owner loaded: one indexed lookup, plus
    a write of last_used_at at most once per LAST_USED_RESOLUTION. Raises ServiceTokenInvalid."""
    if not _TOKEN_RE.fullmatch(secret):
        raise ServiceTokenInvalid("Malformed service token.")
    token = (
        ServiceToken.objects.select_related("owner")
        .filter(digest=service_token_digest(secret))
        .first()
    )
    if token is None:
        raise ServiceTokenInvalid("Unknown service token.")
    now = timezone.now()
    status = token.status_at(now)
    if status == ServiceTokenStatus.REVOKED:
        raise ServiceTokenInvalid(f"Service token {token.prefix}… was revoked.")
    if status == ServiceTokenStatus.EXPIRED:
        raise ServiceTokenInvalid(f"Service token {token.prefix}… expired at {token.expires_at}.")
    if not token.owner.is_active:
        raise ServiceTokenInvalid(
            f"The owner of service token {token.prefix}… is inactive.", code="user_inactive"
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        ServiceToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# --- sessions ---------------------------------------------------------------------------------


@dataclass
class SignOut:
    refresh_tokens: int  # refresh tokens blacklisted
    service_tokens: int  # service tokens revoked


def user_sessions_revoke(
    *, user: User, actor: User, service_tokens: Sequence[int] | str = ()
) -> SignOut:
    """Sign ``user`` out everywhere: every refresh token they hold is blacklisted and their
    session version bumped, so access tokens already issued are refused on their next request
    (``accounts.tokens``). ``service_tokens``: ids of the user's service tokens to revoke too,
    or ``"all"``; pipelines keep the others. Only the user and admins may do it."""
    if actor.pk != user.pk and not actor.is_mdt_admin:
        raise AccountForbidden("Only admins may sign other users out.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
        user.refresh_from_db(fields=["session_version"])
        outstanding = OutstandingToken.objects.filter(user=user).exclude(
            blacklistedtoken__isnull=False
        )
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
        )
        tokens = ServiceToken.objects.filter(owner=user, revoked_at=None)
        if service_tokens != "all":
            ids = [int(token_id) for token_id in service_tokens]
            unknown = set(ids) - set(
                ServiceToken.objects.filter(owner=user, pk__in=ids).values_list("pk", flat=True)
            )
            if unknown:
                raise ApplicationError(
                    f"{user.username} has no service token {sorted(unknown)[0]}.",
                    fields={
                        "service_tokens": [f"Not a token of {user.username}: {sorted(unknown)}"]
                    },
                )
            tokens = tokens.filter(pk__in=ids)
        revoked = tokens.update(revoked_at=timezone.now())
    return SignOut(refresh_tokens=len(outstanding), service_tokens=revoked)


def user_password_change(*, user: User, old_password: str, new_password: str) -> SignOut:
    """Change one's own password (the old one must be right; Django's password validators
    judge the new one), then sign out everywhere: a stolen session ends with the password."""
    if not user.check_password(old_password):
        raise ApplicationError(
            "The current password is wrong.", fields={"old_password": ["Wrong password."]}
        )
    _password_check(new_password, user, "new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        return user_sessions_revoke(user=user, actor=user)


# --- user management (admins) -----------------------------------------------------------------

_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


def _admin_check(actor: User) -> None:
    if not actor.is_mdt_admin:
        raise AccountForbidden("Only admins manage users.")


def _password_check(password: str, user: User, name: str) -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ApplicationError(
            "The password is not accepted: " + " ".join(exc.messages),
            fields={name: list(exc.messages)},
        ) from exc


def _admins_left_after(user: User, *, role: str, is_active: bool) -> None:
    """Refuses a change that would leave no active admin: nobody could manage users then."""
    if user.is_mdt_admin and user.is_active and not (is_active and role == Role.ADMIN):
        others = User.objects.filter(is_active=True).exclude(pk=user.pk)
        if not others.filter(Q(role=Role.ADMIN) | Q(is_superuser=True)).exists():
            raise ApplicationError(
                "This would leave MDT without an active admin.",
                fields={"role": ["the last active admin"]},
                code="last_admin",
            )


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    email: str = "",
) -> User:
    """A new account (admins). Its password is set by the admin and changed by its owner
    (``user_password_change``)."""
    _admin_check(actor)
    if not _USERNAME.fullmatch(username):
        raise ApplicationError(
            "A username is 1 to 150 letters, digits and . @ + - _.",
            fields={"username": ["not a username"]},
        )
    if User.objects.filter(username=username).exists():
        raise ConflictError(f"User {username!r} exists.", fields={"username": ["taken"]})
    user = User(username=username, role=role, display_name=display_name, email=email)
    _password_check(password, user, "password")
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    role: str | None = None,
    is_active: bool | None = None,
    display_name: str | None = None,
    email: str | None = None,
) -> User:
    """Change an account's role, activity, name or email (admins). Deactivating or changing
    the role signs the user out everywhere, so the old rights end with the request."""
    _admin_check(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    new_role = user.role if role is None else role
    new_active = user.is_active if is_active is None else is_active
    _admins_left_after(user, role=new_role, is_active=new_active)
    rights_changed = new_role != user.role or new_active != user.is_active
    user.role, user.is_active = new_role, new_active
    if display_name is not None:
        user.display_name = display_name
    if email is not None:
        user.email = email
    user.save()
    if rights_changed:
        user_sessions_revoke(user=user, actor=actor)
        user.refresh_from_db()
    return user


def user_password_set(*, actor: User, user: User, new_password: str) -> SignOut:
    """An admin resets someone's password (they forgot it, or it leaked): set, then signed out
    everywhere; the person changes it after logging in."""
    _admin_check(actor)
    _password_check(new_password, user, "new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        return user_sessions_revoke(user=user, actor=actor)
