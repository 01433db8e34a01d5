from django.db import transaction

from accounts.models import Group, Role, User


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
