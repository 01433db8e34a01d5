"""Planner statistics after bulk work: ``ANALYZE`` on the tables named, and the growth rule that
decides when a long bulk run analyses on the way."""

import pytest
from django.db import connection

from catalog.models import Dataset, LineageEdge, SchemaField
from catalog.tests.factories import make_dataset
from core.table_stats import GrowthAnalyzer, tables_analyze


@pytest.mark.django_db
def test_tables_analyze_analyses_exactly_the_tables_of_the_models(analysed_tables):
    make_dataset("stats.t")  # SQLite records nothing for an empty table

    names = tables_analyze(models=[Dataset, SchemaField, Dataset], reason="a test")

    assert names == sorted([Dataset._meta.db_table, SchemaField._meta.db_table])
    assert set(names) <= analysed_tables()
    assert LineageEdge._meta.db_table not in analysed_tables()


@pytest.mark.django_db
def test_growth_analyzer_analyses_at_first_then_at_each_tenfold_growth_then_at_the_end():
    stats = GrowthAnalyzer(models=[Dataset], reason="a test", first=10)
    analysed_at = []
    for _ in range(25):
        before = stats.analyses
        stats.add(5)
        if stats.analyses != before:
            analysed_at.append(stats.written)

    assert analysed_at == [10, 100]
    stats.finish()  # 125 rows
    assert stats.analyses == 3
    stats.finish()  # nothing written since
    assert stats.analyses == 3


@pytest.mark.django_db
def test_growth_analyzer_counts_growth_from_what_the_tables_held():
    stats = GrowthAnalyzer(models=[Dataset], reason="a test", first=1, base=1000)
    stats.add(500)
    assert stats.analyses == 0  # 1,500 rows: not ten times the 1,000 already analysed for
    stats.add(8500)
    assert stats.analyses == 1
    stats.finish()
    assert stats.analyses == 1  # nothing written since


@pytest.mark.django_db
def test_growth_analyzer_below_its_first_threshold_never_analyses():
    stats = GrowthAnalyzer(models=[Dataset], reason="a test", first=10)
    stats.add(9)
    stats.finish()
    assert stats.analyses == 0


@pytest.mark.django_db
def test_growth_analyzer_finishing_always_analyses_whatever_was_written():
    stats = GrowthAnalyzer(models=[Dataset], reason="a rebuild", first=10)
    stats.finish(always=True)
    assert stats.analyses == 0  # nothing written
    stats.add(3)
    stats.finish(always=True)
    assert stats.analyses == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_seeded")
def test_outside_a_transaction_postgresql_also_vacuums_what_it_analyses():
    """A reindex replaces every document: the old row versions go with the analysis."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    make_dataset("stats.v")
    Dataset.objects.update(description="rewritten")  # every row gets a new version
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        started = cursor.fetchone()[0]

    tables_analyze(models=[Dataset], reason="a test")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum >= %s, last_analyze >= %s FROM pg_stat_user_tables "
            "WHERE relname = %s",
            [started, started, Dataset._meta.db_table],
        )
        assert cursor.fetchone() == (True, True)
