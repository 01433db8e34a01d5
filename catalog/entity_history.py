"""What changed on an entity that is not a dataset, recorded in the writer's transaction."""

import functools
from typing import Any, Callable, ParamSpec, TypeVar

from django.db import transaction

from catalog.entity_models import EntityChange

P = ParamSpec("P")
R = TypeVar("R")


def in_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Run in the caller's transaction, or in one of its own when there is none (a write and
    its history together; ``select_for_update`` needs one on PostgreSQL). No savepoint inside a
    caller's: a batch of thousands of entities pays for none."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return func(*args, **kwargs)
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


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
