"""Search latency on the demo catalog: MDT's search path vs a naive ORM ``icontains`` baseline,
both measured in the same run on the same database.

    python bench/search/run.py                      # 10k and 100k on PostgreSQL
    python bench/search/run.py --sizes 10000 --database-url sqlite:////tmp/bench.sqlite3

Each size gets its own database (kept, and reused when it already holds that catalog). For
every query: 3 warm-up runs, then --repeat timed runs of what GET /api/v1/search/ does (backend
query with facets + hydrating the page from the catalog), and --naive-repeat runs (after one
warm-up; it takes seconds per run at 100k) of the baseline: the same filters,
``icontains`` over name/description/field paths, count, the first page and the same 7 facets
with GROUP BY. Prints p50/p95 per query and overall, and the ratio; then the same for
autocomplete prefixes (what the search box asks on every keystroke) against a naive ORM version.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]

QUERIES = [
    ("lineage", {}),
    ("pageview event", {}),
    ("orders", {"platform": ["mysql", "postgres"]}),
    ("customer email", {}),
    ("owner:aberger", {}),
    ("", {"platform": ["kafka"]}),
    ("metrics daily", {"origin": ["PROD"], "tag": ["Gold"]}),
    ("tracking.pageviewevent", {}),
    ("pageveiwevent", {}),
]

# Prefixes as typed, from two letters on (the search box asks from the second).
AUTOCOMPLETE = ["cu", "cust", "or", "orders", "li", "lineage", "pa", "da", "ab", "tracking.pa"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def worker(size: int, repeat: int, naive_repeat: int) -> None:
    # pylint: disable=import-outside-toplevel
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q

    from catalog.models import Dataset, DatasetStatus
    from search.backends import get_backend
    from search.backends.base import SearchRequest
    from search.query import normalize_owner, parse_query
    from search.selectors import dataset_search

    call_command("migrate", verbosity=0)
    have = Dataset.objects.count()
    if have != size:
        if have:
            sys.exit(f"database holds {have} datasets, not {size}: drop it first")
        started = time.perf_counter()
        call_command("load_demo_catalog", datasets=size, verbosity=1)
        print(f"  loaded {size} datasets in {time.perf_counter() - started:.0f}s", flush=True)
    if get_backend().count() != size:
        started = time.perf_counter()
        call_command("search_reindex", verbosity=0)
        print(f"  indexed in {time.perf_counter() - started:.0f}s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def mdt(q: str, filters: dict) -> int:
        results = dataset_search(SearchRequest(query=parse_query(q), filters=filters))
        return results.page.count

    def naive(q: str, filters: dict) -> int:
        parsed = parse_query(q)
        datasets = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
        for term in parsed.terms:
            datasets = datasets.filter(
                Q(name__icontains=term)
                | Q(description__icontains=term)
                | Q(id__in=Dataset.objects.filter(fields__field_path__icontains=term).values("id"))
            )
        merged = {k: list(v) for k, v in filters.items()}
        for key, values in parsed.filters.items():
            merged.setdefault(key, []).extend(values)
        lookups = {
            "platform": "platform__name__in",
            "origin": "origin__in",
            "tag": "tag_links__tag__name__in",
            "owner": "ownerships__user__username__in",
        }
        for key, values in merged.items():
            if key == "owner":
                values = [normalize_owner(v).rsplit(":", 1)[-1] for v in values]
            datasets = datasets.filter(
                id__in=Dataset.objects.filter(**{lookups[key]: values}).values("id")
            )
        count = datasets.count()
        list(datasets.select_related("platform").order_by("name")[:10])
        for field in (
            "platform__name",
            "origin",
            "status",
            "domain__name",
            "tag_links__tag__name",
            "ownerships__user__username",
            "term_links__term__name",
        ):
            list(datasets.values(field).annotate(n=Count("id")).order_by("-n")[:20])
        return count

    print(
        f"\n{size} datasets on {connection.vendor}, backend {get_backend().name}, "
        f"{repeat} runs per query ({naive_repeat} of the naive baseline)"
    )
    rows = []
    for q, filters in QUERIES:
        label = (q or "(no text)") + ("".join(f" {k}={','.join(v)}" for k, v in filters.items()))
        hits, mdt_runs = timed(mdt, (q, filters), 3, repeat)
        _, naive_runs = timed(naive, (q, filters), 1, naive_repeat)
        rows.append((label, f"{hits:6d}", mdt_runs, naive_runs))
    report("query", "hits", rows, "p95 ratio naive/MDT")
    autocomplete(repeat, naive_repeat)


def autocomplete(repeat: int, naive_repeat: int) -> None:
    """What the search box asks on every keystroke, next to a naive ORM version of the same
    suggestions (names and field paths by ``icontains``, shortest first; owners and tags by
    prefix)."""
    # pylint: disable=import-outside-toplevel
    from django.db.models import Count
    from django.db.models.functions import Length

    from accounts.models import User
    from catalog.models import Dataset, DatasetStatus, SchemaField, Tag
    from search.selectors import dataset_autocomplete

    def naive(prefix: str) -> None:
        datasets = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
        list(datasets.filter(name__icontains=prefix).order_by(Length("name"), "name")[:8])
        fields = SchemaField.objects.filter(field_path__istartswith=prefix)
        list(fields.values_list("field_path", flat=True).distinct().order_by("field_path")[:8])
        owners = User.objects.filter(username__istartswith=prefix, ownerships__isnull=False)
        list(owners.distinct().order_by("username")[:8])
        tags = Tag.objects.filter(name__istartswith=prefix).annotate(n=Count("dataset_links"))
        list(tags.order_by("-n", "name")[:8])

    rows = []
    for prefix in AUTOCOMPLETE:
        _, mdt_runs = timed(lambda p: dataset_autocomplete(prefix=p, limit=8), (prefix,), 3, repeat)
        _, naive_runs = timed(naive, (prefix,), 1, naive_repeat)
        rows.append((prefix, "", mdt_runs, naive_runs))
    print()
    report("autocomplete prefix", "", rows, "autocomplete p95 ratio naive/MDT")


def timed(fn: Callable, args: tuple, warmups: int, times: int) -> tuple[Any, list[float]]:
    """``fn(*args)``'s result after the warm-up runs, and the milliseconds of each timed run."""
    result = None
    for _ in range(warmups):
        result = fn(*args)
    runs = []
    for _ in range(times):
        started = time.perf_counter()
        fn(*args)
        runs.append((time.perf_counter() - started) * 1000)
    return result, runs


def report(title: str, column: str, rows: list[tuple[str, str, list, list]], ratio: str) -> None:
    """p50/p95 of MDT and of the baseline per row and overall, and the ratio of the p95s."""
    print(f"{title:38} {column:>6} {'MDT p50':>8} {'p95':>7} {'naive p50':>10} {'p95':>7}")
    all_mdt, all_naive = [], []
    for label, value, mdt_runs, naive_runs in rows:
        all_mdt += mdt_runs
        all_naive += naive_runs
        print(
            f"{label[:38]:38} {value:6} {statistics.median(mdt_runs):7.1f}ms "
            f"{percentile(mdt_runs, 95):6.1f}ms {statistics.median(naive_runs):9.1f}ms "
            f"{percentile(naive_runs, 95):6.1f}ms"
        )
    p95_mdt, p95_naive = percentile(all_mdt, 95), percentile(all_naive, 95)
    print(
        f"{'ALL':38} {'':6} {statistics.median(all_mdt):7.1f}ms {p95_mdt:6.1f}ms "
        f"{statistics.median(all_naive):9.1f}ms {p95_naive:6.1f}ms"
    )
    print(f"{ratio}: {p95_naive / p95_mdt:.1f}x", flush=True)


def ensure_postgres_database(url: str) -> None:
    # pylint: disable=import-outside-toplevel
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--naive-repeat",
        type=int,
        default=5,
        help="runs of the baseline per query (it takes seconds per run at 100k)",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/mdt_bench_{size}",
        help="{size} is replaced by the catalog size",
    )
    parser.add_argument("--worker-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_size:
        worker(args.worker_size, args.repeat, args.naive_repeat)
        return
    for size in (int(s) for s in args.sizes.split(",")):
        url = args.database_url.format(size=size)
        if url.startswith("postgres"):
            ensure_postgres_database(url)
        subprocess.run(
            [
                sys.executable,
                __file__,
                *("--worker-size", str(size), "--repeat", str(args.repeat)),
                *("--naive-repeat", str(args.naive_repeat)),
            ],
            env={**os.environ, "DATABASE_URL": url},
            check=True,
        )


if __name__ == "__main__":
    main()
