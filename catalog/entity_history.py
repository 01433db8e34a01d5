"""What changed on an entity that is not a dataset, recorded in the writer's transaction."""

from typing import Any

from catalog.entity_models import EntityChange


def change_record(
    *, urn: str, entity_type: str, aspect: str, actor: str, before: Any, after: Any
) -> None:
    if before != after:
        EntityChange.objects.create(
            entity_urn=urn,
            entity_type=entity_type,
            aspect=aspect,
            actor=actor,
            before=before,
            after=after,
        )
