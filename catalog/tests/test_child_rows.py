"""Schema fields and change events have no foreign key checked on insert (see the note above
``SchemaField``); a deleted dataset still takes every one of them along."""

import threading

import pytest
from django.db import connection, connections, transaction

from catalog.models import ChangeEvent, Dataset, SchemaField
from catalog.tests.factories import make_dataset

ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the delete trigger is PostgreSQL's"
)


def _foreign_keys(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [tuple(c["foreign_key"]) for c in constraints.values() if c["foreign_key"]]


@pytest.mark.django_db
def test_fields_and_change_events_have_no_foreign_key_to_check_on_insert():
    assert _foreign_keys(SchemaField._meta.db_table) == []
    assert _foreign_keys(ChangeEvent._meta.db_table) == []
    # The other children of a dataset keep theirs.
    assert ("catalog_dataset", "id") in _foreign_keys("catalog_ownership")


@pytest.mark.django_db
def test_deleting_a_dataset_deletes_its_fields_and_change_events():
    dataset = make_dataset("child.rows", fields=4)
    other = make_dataset("child.kept", fields=2)
    assert SchemaField.objects.filter(dataset=dataset).count() == 4
    dataset.delete()
    assert not SchemaField.objects.filter(dataset_id=dataset.id).exists()
    assert not ChangeEvent.objects.filter(dataset_id=dataset.id).exists()
    assert SchemaField.objects.filter(dataset=other).count() == 2


@ON_POSTGRES
@pytest.mark.django_db
def test_a_dataset_deleted_in_sql_takes_its_fields_and_change_events_along():
    """What Django's cascade does not see (rows another transaction committed after it ran)
    the database's trigger deletes with the dataset."""
    gone, kept = make_dataset("child.gone", fields=3), make_dataset("child.other", fields=3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_dataset WHERE id = %s", [gone.id])
    assert not SchemaField.objects.filter(dataset_id=gone.id).exists()
    assert not ChangeEvent.objects.filter(dataset_id=gone.id).exists()
    assert SchemaField.objects.filter(dataset_id=kept.id).count() == 3
    assert ChangeEvent.objects.filter(dataset_id=kept.id).exists()


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_seeded")
def test_a_field_committed_while_its_dataset_is_deleted_is_not_left_behind(
    wait_for_a_blocked_session,
):
    """The race the foreign key used to refuse: a writer holding the dataset adds a field; a
    deletion runs Django's cascade, then waits for the writer's lock on the dataset; the writer
    commits; the deletion goes on. The field goes with the dataset, not into an orphan."""
    dataset = make_dataset("child.race", fields=2)
    locked, committed = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                Dataset.objects.select_for_update().get(id=dataset.id)
                SchemaField.objects.create(dataset_id=dataset.id, field_path="late", type="string")
                locked.set()
                wait_for_a_blocked_session()
            committed.set()
        except BaseException as exc:  # pylint: disable=broad-exception-caught
            errors.append(exc)
            locked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert locked.wait(10)
    Dataset.objects.get(id=dataset.id).delete()  # waits for the writer's commit
    thread.join(10)
    assert not errors and committed.is_set()
    assert not SchemaField.objects.filter(dataset_id=dataset.id).exists()
    assert not Dataset.objects.filter(id=dataset.id).exists()
