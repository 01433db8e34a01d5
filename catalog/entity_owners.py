"""The owners of the entities around datasets (a dataset's own are ``catalog.Ownership``)."""

from dataclasses import dataclass
from typing import Sequence

from django.db import transaction

from accounts.models import Group, User
from catalog.entity_history import change_record
from catalog.entity_models import EntityOwnership
from catalog.models import ownership_type_valid
from core.errors import ApplicationError


@dataclass(frozen=True)
class EntityOwner:
    owner: str  # urn:li:corpuser:… or urn:li:corpGroup:…
    type: str = "TECHNICAL_OWNER"


def entity_owners_set(
    *, urn: str, entity_type: str, owners: Sequence[EntityOwner], actor: str
) -> None:
    """Replace an entity's owners; people and groups not yet known are created."""
    for owner in owners:
        if not ownership_type_valid(owner.type):
            raise ApplicationError(
                f"Unknown ownership type {owner.type!r}.", fields={"owners": ["type"]}
            )
    current = EntityOwnership.objects.filter(entity_urn=urn).select_related("user", "group")
    before = sorted(_owner_key(row) for row in current)
    after = sorted({(o.owner, o.type) for o in owners})
    if before == after:
        return
    with transaction.atomic():
        current.delete()
        for owner_urn, owner_type in after:
            user, group = _owner(owner_urn)
            EntityOwnership.objects.create(
                entity_urn=urn, entity_type=entity_type, user=user, group=group, type=owner_type
            )
        change_record(
            urn=urn,
            entity_type=entity_type,
            aspect="ownership",
            actor=actor,
            before=[list(k) for k in before],
            after=[list(k) for k in after],
        )


def _owner_key(row: EntityOwnership) -> tuple[str, str]:
    return (row.user.urn if row.user_id else row.group.urn, row.type)


def _owner(urn: str) -> tuple[User | None, Group | None]:
    for prefix, kind in (("urn:li:corpuser:", "user"), ("urn:li:corpGroup:", "group")):
        if urn.startswith(prefix) and 0 < len(urn) - len(prefix) <= 150:
            name = urn[len(prefix) :]
            if kind == "user":
                return User.objects.get_or_create(username=name)[0], None
            return None, Group.objects.get_or_create(name=name)[0]
    raise ApplicationError(f"Not a person's or group's URN: {urn!r}.", fields={"owners": [urn]})
