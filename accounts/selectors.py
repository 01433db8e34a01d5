from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.errors import ServiceTokenForbidden
from accounts.models import Group, ServiceToken, ServiceTokenStatus, User
from core.errors import NotFoundError


def user_list(*, query: str = "") -> QuerySet[User]:
    users = User.objects.filter(is_active=True).order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users


def user_get(*, username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFoundError(f"No user {username!r}.")
    return user


def group_list(*, query: str = "") -> QuerySet[Group]:
    groups = Group.objects.order_by("name")
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(display_name__icontains=query))
    return groups


def _service_tokens_visible_to(user: User) -> QuerySet[ServiceToken]:
    tokens = ServiceToken.objects.select_related("owner")
    return tokens if user.is_mdt_admin else tokens.filter(owner=user)


def service_token_list(*, user: User, owner: str = "", status: str = "") -> QuerySet[ServiceToken]:
    """The tokens ``user`` may see (their own; every token for admins), newest first,
    optionally of one owner (username) and one status (active, expired, revoked)."""
    if owner and owner != user.username and not user.is_mdt_admin:
        raise ServiceTokenForbidden("Only admins may list other users' tokens.")
    tokens = _service_tokens_visible_to(user)
    if owner:
        tokens = tokens.filter(owner__username=owner)
    now = timezone.now()
    unrevoked = Q(revoked_at__isnull=True)
    if status == ServiceTokenStatus.ACTIVE:
        tokens = tokens.filter(unrevoked & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))
    elif status == ServiceTokenStatus.EXPIRED:
        tokens = tokens.filter(unrevoked & Q(expires_at__lte=now))
    elif status == ServiceTokenStatus.REVOKED:
        tokens = tokens.filter(revoked_at__isnull=False)
    return tokens


def service_token_get(*, token_id: int, user: User) -> ServiceToken:
    """One token ``user`` may see; someone else's token is as absent as a missing one."""
    token = _service_tokens_visible_to(user).filter(pk=token_id).first()
    if token is None:
        raise NotFoundError(f"No service token {token_id}.")
    return token
