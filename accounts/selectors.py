from django.db.models import Q, QuerySet

from accounts.models import Group, User


def user_list(*, query: str = "") -> QuerySet[User]:
    users = User.objects.filter(is_active=True).order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users


def group_list(*, query: str = "") -> QuerySet[Group]:
    groups = Group.objects.order_by("name")
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(display_name__icontains=query))
    return groups
