"""Search latency on the demo catalog: MDT's search path vs a naive ORM ``icontains`` baseline,
both measured in the same run on the same database, with the machine's load beside them.

    python bench/search/run.py                                  # 10k and 100k on PostgreSQL
    python bench/search/run.py --sizes 1000000 --naive-timeout 5
    python bench/search/run.py --sizes 10000 --queries broad,phrase,prefix-2
    python bench/search/run.py --sizes 100000 --database-url sqlite:////tmp/bench.sqlite3
    python bench/search/run.py --backend opensearch             # OPENSEARCH_URL, else osmem
    python bench/search/run.py --json /tmp/search-bench.json    # the figures, for a table

Each size gets its own database (kept, and reused when it already holds that catalog), built
with ``load_demo_catalog --datasets N`` and ``search_reindex``; how long each took is printed.
With ``--backend opensearch`` the same catalog database is indexed into OpenSearch (the cluster
at OPENSEARCH_URL, index ``mdt-bench-<size>``; without OPENSEARCH_URL an osmem-server that the
bench starts: an in-memory stand-in for OpenSearch, so its figures are not a cluster's).

The queries (QUERIES) are grouped by class: broad single words, two words, a quoted phrase,
negation, misspellings, the empty query with a popular tag, owner or platform, filters typed as
syntax and given as parameters, text narrowed by a platform, exact names, several filters. The
words are the demo catalog's commonest (``data`` and ``events`` match most of it), so "broad"
is broad at every size. ``--queries`` runs some classes only (``--list`` names them).

Figures, per query: ``hits`` is the count the search answers, with ``+`` when it is a lower
bound (``count_is_exact`` false: searches count exactly up to SEARCH_TRACK_TOTAL_HITS, read
from the environment as the API does). ``MDT`` is what GET /api/v1/search/ does (backend query
with facets, then hydrating the page from the catalog): 3 warm-up runs, then --repeat timed
runs. ``naive`` is the baseline: the same filters, ``icontains`` over name/description/field
paths (phrases too, negations excluded), count, the first page and the same 7 facets with
GROUP BY; one warm-up, then --naive-repeat runs. Each of its statements is cancelled after
--naive-timeout seconds (at 1M it takes minutes): such a query shows ``>N ms``, the time its
run took until cancelled, a lower bound (and so are the overall naive figures and the ratio).
p50/p95 are over the timed runs. Per class: the worst p95 (and MDT's worst query); then p50
and p95 over every run of every query (the issue's goals are on this p95), the ratio of the
p95s and, on the database backend, the issue's goal for this size. Then the same for
autocomplete prefixes (what the search box asks on every keystroke from the second letter;
``hits`` is the number of suggestions): every two-letter prefix common in the catalog's names,
then longer ones as typed. The load average (1, 5, 15 minutes) is printed before building,
before timing and after, with the CPU count: figures from a busy machine are not comparable.
"""

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]

# (class, query text, filter parameters). The words are the demo catalog's commonest; at 10k:
# "data" matches 88% of datasets, "events" half, "user" 63%, the phrase "user id" a third.
QUERIES: list[tuple[str, str, dict[str, list[str]]]] = [
    ("broad", "data", {}),
    ("broad", "events", {}),
    ("broad", "user", {}),
    ("broad", "orders", {}),
    ("broad", "lineage", {}),
    ("two-words", "pageview event", {}),
    ("two-words", "customer email", {}),
    ("two-words", "created date", {}),
    ("phrase", '"user id"', {}),
    ("phrase", '"load date"', {}),
    ("negation", "events -kafka", {}),
    ("negation", "data -tag:PII", {}),
    ("misspelling", "pageveiwevent", {}),
    ("misspelling", "custmer", {}),
    ("misspelling", "evnets", {}),
    ("empty-tag", "", {"tag": ["PII"]}),
    ("empty-owner", "", {"owner": ["urn:li:corpGroup:analytics"]}),
    ("empty-platform", "", {"platform": ["hive"]}),
    ("filter-syntax", "tag:PII", {}),
    ("filter-syntax", "owner:aberger", {}),
    ("filter-param", "orders", {"platform": ["mysql", "postgres"]}),
    ("text-platform", "events platform:kafka", {}),
    ("text-platform", "user", {"platform": ["hive"]}),
    ("exact-name", "tracking.pageviewevent", {}),
    ("exact-name", "shop.orders", {}),
    ("multi-filter", "metrics daily", {"origin": ["PROD"], "tag": ["Gold"]}),
    ("multi-filter", "", {"platform": ["hive"], "origin": ["PROD"], "tag": ["PII"]}),
]

# (class, prefix as typed). Two letters is where the search box starts asking, and where the
# most names match: these are the first two letters of a name token in at least 7% of the
# demo catalog's names (at 10k: "hd" and "na" 22%, "da" 22%, "ev" 18%...). Then longer
# prefixes as someone types them, an owner, a tag and one matching nothing.
AUTOCOMPLETE: list[tuple[str, str]] = [
    *(
        ("prefix-2", prefix)
        for prefix in ("hd na da ev re se tr co me ex pa us en jo pr st ho ca ac au".split())
    ),
    *(
        ("prefix-long", prefix)
        for prefix in ("eve", "even", "event", "cust", "orders", "pagev", "tracking.pa", "shop.or")
    ),
    ("prefix-long", "user_i"),
    ("prefix-other", "ab"),
    ("prefix-other", "pi"),
    ("prefix-other", "zq"),
]

# The goals, p95 over every query in ms, for a catalog of up to that many datasets on
# the database backend (PostgreSQL, SQLite); autocomplete's is for every prefix at 1M.
SEARCH_GOALS = {
    "postgresql": {10_000: 30.0, 100_000: 50.0, 1_000_000: 150.0},
    "sqlite": {100_000: 100.0},
}
AUTOCOMPLETE_GOAL_MS = 30.0
AUTOCOMPLETE_GOAL_MAX_SIZE = 1_000_000

OSMEM_NOTICE = (
    "NOTE: OPENSEARCH_URL is not set: searching an osmem-server started by the bench, an "
    "in-memory stand-in for OpenSearch. Its figures are not an OpenSearch cluster's."
)


@dataclass
class Row:
    """One query's or prefix's figures."""

    kind: str
    label: str
    hits: str
    mdt_ms: list[float]
    naive_ms: list[float]
    naive_timed_out: bool = False

    def summary(self) -> dict[str, Any]:
        return {
            "class": self.kind,
            "query": self.label,
            "hits": self.hits,
            "mdt_p50_ms": round(statistics.median(self.mdt_ms), 2),
            "mdt_p95_ms": round(percentile(self.mdt_ms, 95), 2),
            "naive_p50_ms": round(statistics.median(self.naive_ms), 2),
            "naive_p95_ms": round(percentile(self.naive_ms, 95), 2),
            "naive_timed_out": self.naive_timed_out,
        }


@dataclass
class SizeRun:
    """What one size's worker measured, written as JSON for the parent."""

    size: int
    database: str
    backend: str
    cpus: int | None
    track_total_hits: int = 0
    build_seconds: dict[str, float | None] = field(default_factory=dict)
    load_average: dict[str, list[float]] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    autocomplete: dict[str, Any] = field(default_factory=dict)


class NaiveTimeout(Exception):
    """A statement of the naive baseline ran past --naive-timeout."""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def query_label(text: str, filters: dict[str, list[str]]) -> str:
    return (text or "(no text)") + "".join(f" {k}={','.join(v)}" for k, v in filters.items())


def selected(rows: list[tuple], classes: set[str] | None) -> list[tuple]:
    return [row for row in rows if classes is None or row[0] in classes]


# --- the worker: one size, in its own process (settings read DATABASE_URL at start) -------------


def worker(size: int, options: argparse.Namespace) -> None:
    # pylint: disable=import-outside-toplevel
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
    sys.path.insert(0, str(ROOT))
    django.setup()
    # opensearch-py logs every request at INFO, which the settings' root logger shows.
    logging.getLogger("opensearch").setLevel(logging.WARNING)
    from django.db import connection

    from search.backends import get_backend

    run = SizeRun(size=size, database="", backend="", cpus=os.cpu_count())
    run.load_average["before_build"] = load_average()
    run.build_seconds = build_catalog(size)
    run.database, run.backend = connection.vendor, get_backend().name
    run.track_total_hits = track_total_hits()
    run.load_average["before_timing"] = load_average()
    classes = set(options.queries.split(",")) if options.queries else None
    print(
        f"\n{size} datasets on {run.database}, backend {run.backend}, {options.repeat} runs per "
        f"query ({options.naive_repeat} of the naive baseline, statements cancelled after "
        f"{options.naive_timeout:g}s), counts exact up to {run.track_total_hits}; "
        f"{run.cpus} CPUs, load average "
        f"{' '.join(map(str, run.load_average['before_timing']))}",
        flush=True,
    )
    queries = selected(QUERIES, classes)
    if queries:
        rows = search_rows(queries, options)
        goal = size_goal(SEARCH_GOALS.get(run.database, {}), size, run.backend)
        run.search = report("class", "query", rows, "search", goal)
    prefixes = selected(AUTOCOMPLETE, classes)
    if prefixes:
        rows = autocomplete_rows(prefixes, options)
        goal = AUTOCOMPLETE_GOAL_MS if size <= AUTOCOMPLETE_GOAL_MAX_SIZE else None
        print()
        run.autocomplete = report(
            "class", "prefix", rows, "autocomplete", goal if run.backend == "database" else None
        )
    run.load_average["after_timing"] = load_average()
    print(
        "load average (1, 5, 15 min): "
        + "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in run.load_average.items()),
        flush=True,
    )
    if options.worker_json:
        Path(options.worker_json).write_text(json.dumps(asdict(run)), encoding="utf-8")


def size_goal(goals: dict[int, float], size: int, backend: str) -> float | None:
    """The goal of the smallest goal size that holds ``size`` (the database backend's only)."""
    fits = [goal_size for goal_size in goals if goal_size >= size]
    return goals[min(fits)] if fits and backend == "database" else None


def build_catalog(size: int) -> dict[str, float | None]:
    """Load the demo catalog and index it unless the database and the index already hold it;
    seconds each step took (None: reused)."""
    # pylint: disable=import-outside-toplevel
    from django.core.management import call_command
    from django.db import connection

    from catalog.models import Dataset
    from search.backends import get_backend

    call_command("migrate", verbosity=0)
    took: dict[str, float | None] = {"load": None, "index": None}
    have = Dataset.objects.count()
    if have != size:
        if have:
            sys.exit(f"database holds {have} datasets, not {size}: drop it first")
        started = time.perf_counter()
        call_command("load_demo_catalog", datasets=size, verbosity=1)
        took["load"] = round(time.perf_counter() - started, 1)
        print(f"  loaded {size} datasets in {took['load']:.0f}s", flush=True)
    backend = get_backend()
    backend.setup()
    if backend.count() != size:
        started = time.perf_counter()
        call_command("search_reindex", verbosity=0)
        took["index"] = round(time.perf_counter() - started, 1)
        print(
            f"  indexed into {backend.name} in {took['index']:.0f}s "
            f"({backend.count()} documents)",
            flush=True,
        )
    if took == {"load": None, "index": None}:
        print(f"  reusing the {size}-dataset catalog and its {backend.name} index", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return took


def track_total_hits() -> int:
    """How many matches a search counts exactly, as the API asks (SEARCH_TRACK_TOTAL_HITS)."""
    # pylint: disable=import-outside-toplevel
    from django.conf import settings

    from search.backends.base import TRACK_TOTAL_HITS

    return getattr(settings, "SEARCH_TRACK_TOTAL_HITS", TRACK_TOTAL_HITS)


def search_rows(queries: list[tuple], options: argparse.Namespace) -> list[Row]:
    # pylint: disable=import-outside-toplevel
    from search.backends.base import SearchRequest
    from search.query import parse_query
    from search.selectors import dataset_search

    threshold = track_total_hits()

    def mdt(text: str, filters: dict) -> str:
        request = SearchRequest(
            query=parse_query(text), filters=filters, track_total_hits=threshold
        )
        page = dataset_search(request).page
        return f"{page.count}{'' if getattr(page, 'count_is_exact', True) else '+'}"

    rows = []
    for kind, text, filters in queries:
        hits, mdt_runs = timed(mdt, (text, filters), 3, options.repeat)
        naive_runs, timed_out = naive_timed(naive_search, (text, filters), options)
        rows.append(Row(kind, query_label(text, filters), hits, mdt_runs, naive_runs, timed_out))
    return rows


def naive_search(text: str, filters: dict) -> int:
    """What a first version would do: ``icontains`` on the catalog tables, an exact count and
    GROUP BY facets over every match."""
    # pylint: disable=import-outside-toplevel
    from django.db.models import Count, Q

    from catalog.models import Dataset, DatasetStatus
    from search.query import parse_query

    def contains(words: str) -> Q:
        return (
            Q(name__icontains=words)
            | Q(description__icontains=words)
            | Q(id__in=Dataset.objects.filter(fields__field_path__icontains=words).values("id"))
        )

    parsed = parse_query(text)
    datasets = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
    for words in [*parsed.terms, *parsed.phrases]:
        datasets = datasets.filter(contains(words))
    for word in parsed.excluded_terms:
        datasets = datasets.exclude(contains(word))
    merged = {k: list(v) for k, v in filters.items()}
    for key, values in parsed.filters.items():
        merged.setdefault(key, []).extend(values)
    for key, values in merged.items():
        datasets = datasets.filter(id__in=naive_matching(key, values))
    for key, values in parsed.excluded_filters.items():
        datasets = datasets.exclude(id__in=naive_matching(key, values))
    count = datasets.count()
    list(datasets.select_related("platform").order_by("name")[:10])
    for facet in (
        "platform__name",
        "origin",
        "status",
        "domain__name",
        "tag_links__tag__name",
        "ownerships__user__username",
        "term_links__term__name",
    ):
        list(datasets.values(facet).annotate(n=Count("id")).order_by("-n")[:20])
    return count


def naive_matching(key: str, values: list[str]):
    """Ids of the datasets with any of a facet's values."""
    # pylint: disable=import-outside-toplevel
    from django.db.models import Q

    from catalog.models import Dataset
    from search.query import normalize_owner

    if key == "owner":
        urns = [normalize_owner(v) for v in values]
        users = [u.rsplit(":", 1)[-1] for u in urns if u.startswith("urn:li:corpuser:")]
        groups = [u.rsplit(":", 1)[-1] for u in urns if u.startswith("urn:li:corpGroup:")]
        match = Q(ownerships__user__username__in=users) | Q(ownerships__group__name__in=groups)
    else:
        lookup = {
            "platform": "platform__name__in",
            "origin": "origin__in",
            "status": "status__in",
            "domain": "domain__name__in",
            "tag": "tag_links__tag__name__in",
            "term": "term_links__term__name__in",
        }[key]
        match = Q(**{lookup: values})
    return Dataset.objects.filter(match).values("id")


def autocomplete_rows(prefixes: list[tuple], options: argparse.Namespace) -> list[Row]:
    # pylint: disable=import-outside-toplevel
    from search.selectors import dataset_autocomplete

    rows = []
    for kind, prefix in prefixes:
        found, mdt_runs = timed(
            lambda p: len(dataset_autocomplete(prefix=p, limit=8)), (prefix,), 3, options.repeat
        )
        naive_runs, timed_out = naive_timed(naive_autocomplete, (prefix,), options)
        rows.append(Row(kind, prefix, str(found), mdt_runs, naive_runs, timed_out))
    return rows


def naive_autocomplete(prefix: str) -> None:
    """The same suggestions by the ORM: names and field paths by ``icontains``, shortest
    first; owners and tags by prefix."""
    # pylint: disable=import-outside-toplevel
    from django.db.models import Count
    from django.db.models.functions import Length

    from accounts.models import User
    from catalog.models import Dataset, DatasetStatus, SchemaField, Tag

    datasets = Dataset.objects.exclude(status=DatasetStatus.REMOVED)
    list(datasets.filter(name__icontains=prefix).order_by(Length("name"), "name")[:8])
    fields = SchemaField.objects.filter(field_path__istartswith=prefix)
    list(fields.values_list("field_path", flat=True).distinct().order_by("field_path")[:8])
    owners = User.objects.filter(username__istartswith=prefix, ownerships__isnull=False)
    list(owners.distinct().order_by("username")[:8])
    tags = Tag.objects.filter(name__istartswith=prefix).annotate(n=Count("dataset_links"))
    list(tags.order_by("-n", "name")[:8])


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


def naive_timed(fn: Callable, args: tuple, options: argparse.Namespace) -> tuple[list, bool]:
    """The milliseconds of --naive-repeat timed runs of a baseline after one warm-up, or, once
    a statement of it is cancelled, of that run up to then (a lower bound) and True."""
    runs: list[float] = []
    started = time.perf_counter()
    try:
        with statement_timeout(options.naive_timeout):
            for index in range(1 + options.naive_repeat):
                started = time.perf_counter()
                fn(*args)
                if index:  # the first run warms up
                    runs.append((time.perf_counter() - started) * 1000)
    except NaiveTimeout:
        return [(time.perf_counter() - started) * 1000], True
    return runs, False


@contextmanager
def statement_timeout(seconds: float) -> Iterator[None]:
    """Cancel any statement of the block that runs longer than ``seconds``: PostgreSQL's
    statement_timeout, or on SQLite a progress handler that interrupts the statement once its
    deadline (reset as each statement starts) has passed."""
    # pylint: disable=import-outside-toplevel
    from django.db import OperationalError, connection

    connection.ensure_connection()
    deadline = [0.0]

    def restart_clock(execute, sql, params, many, context):
        deadline[0] = time.perf_counter() + seconds
        return execute(sql, params, many, context)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        wrapper: Any = nullcontext()
    else:
        connection.connection.set_progress_handler(
            lambda: int(time.perf_counter() > deadline[0]), 10_000
        )
        wrapper = connection.execute_wrapper(restart_clock)
    try:
        with wrapper:
            yield
    except OperationalError as exc:
        if "statement timeout" in str(exc) or "interrupted" in str(exc):
            raise NaiveTimeout from exc
        raise
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        else:
            connection.connection.set_progress_handler(None, 0)


def report(
    kind_title: str, title: str, rows: list[Row], what: str, goal: float | None
) -> dict[str, Any]:
    """Per row, per class and overall p50/p95 of MDT and of the baseline, the ratio of the
    overall p95s and the goal; the same figures as a dict for the JSON."""

    def ms(value: float, lower_bound: bool = False) -> str:
        return f">{value:.0f}ms" if lower_bound else f"{value:.1f}ms"

    def line(kind: str, label: str, hits: str, figures: list[str]) -> None:
        print(
            f"{kind:14} {label[:42]:42} {hits:>7} "
            + " ".join(f"{text:>{width}}" for text, width in zip(figures, (8, 8, 10, 9)))
        )

    line(kind_title, title, "hits", ["MDT p50", "p95", "naive p50", "p95"])
    for row in rows:
        naive_p50, naive_p95 = statistics.median(row.naive_ms), percentile(row.naive_ms, 95)
        line(
            row.kind,
            row.label,
            row.hits,
            [
                ms(statistics.median(row.mdt_ms)),
                ms(percentile(row.mdt_ms, 95)),
                ms(naive_p50, row.naive_timed_out),
                ms(naive_p95, row.naive_timed_out),
            ],
        )
    classes: dict[str, dict[str, Any]] = {}
    for row in rows:
        mdt_p95, naive_p95 = percentile(row.mdt_ms, 95), percentile(row.naive_ms, 95)
        worst = classes.setdefault(row.kind, {"mdt_p95_ms": -1.0, "naive_p95_ms": -1.0})
        if mdt_p95 > worst["mdt_p95_ms"]:
            worst.update(mdt_p95_ms=round(mdt_p95, 2), mdt_worst=row.label)
        if naive_p95 > worst["naive_p95_ms"]:
            worst.update(naive_p95_ms=round(naive_p95, 2), naive_timed_out=row.naive_timed_out)
    print()
    line("worst p95 of", "class (MDT's worst query)", "", ["", "MDT p95", "", "naive p95"])
    for kind, worst in classes.items():
        line(
            kind,
            worst["mdt_worst"],
            "",
            ["", ms(worst["mdt_p95_ms"]), "", ms(worst["naive_p95_ms"], worst["naive_timed_out"])],
        )
    all_mdt = [value for row in rows for value in row.mdt_ms]
    all_naive = [value for row in rows for value in row.naive_ms]
    bound = ">" if any(row.naive_timed_out for row in rows) else ""
    overall = {
        "mdt_p50_ms": round(statistics.median(all_mdt), 2),
        "mdt_p95_ms": round(percentile(all_mdt, 95), 2),
        "naive_p50_ms": round(statistics.median(all_naive), 2),
        "naive_p95_ms": round(percentile(all_naive, 95), 2),
        "naive_is_lower_bound": bool(bound),
        "goal_ms": goal,
    }
    line(
        "ALL",
        f"every run of every {what}",
        "",
        [
            ms(overall["mdt_p50_ms"]),
            ms(overall["mdt_p95_ms"]),
            ms(overall["naive_p50_ms"], bool(bound)),
            ms(overall["naive_p95_ms"], bool(bound)),
        ],
    )
    verdict = ""
    if goal is not None:
        verdict = (
            f"; goal p95 <= {goal:g}ms: {'met' if overall['mdt_p95_ms'] <= goal else 'MISSED'}"
        )
    print(
        f"{what} p95 ratio naive/MDT: {bound}{overall['naive_p95_ms'] / overall['mdt_p95_ms']:.1f}x"
        f"{verdict}",
        flush=True,
    )
    return {"rows": [row.summary() for row in rows], "classes": classes, "overall": overall}


# --- the parent: one worker per size -----------------------------------------------------------


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


@contextmanager
def search_environment(backend: str) -> Iterator[dict[str, str]]:
    """Environment for the workers: the backend's settings, and for OpenSearch without
    OPENSEARCH_URL an osmem-server that lives as long as the run."""
    if backend == "database":
        yield {"SEARCH_BACKEND": "search.backends.database.DatabaseBackend"}
        return
    env = {"SEARCH_BACKEND": "search.backends.opensearch.OpenSearchBackend"}
    if os.environ.get("OPENSEARCH_URL"):
        print(f"OpenSearch at {os.environ['OPENSEARCH_URL']}", flush=True)
        yield env
        return
    from osmem_server import OsmemServer  # pylint: disable=import-outside-toplevel

    print(OSMEM_NOTICE, flush=True)
    server = OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    try:
        yield {**env, "OPENSEARCH_URL": server.url}
    finally:
        server.close()


def worker_command(size: int, args: argparse.Namespace, json_path: str) -> list[str]:
    command = [
        sys.executable,
        __file__,
        *("--worker-size", str(size), "--worker-json", json_path),
        *("--repeat", str(args.repeat), "--naive-repeat", str(args.naive_repeat)),
        *("--naive-timeout", str(args.naive_timeout)),
    ]
    if args.queries:
        command += ["--queries", args.queries]
    return command


def main() -> None:
    args = arguments()
    if args.worker_size:
        worker(args.worker_size, args)
        return
    if args.list:
        kinds = dict.fromkeys(kind for kind, *_ in [*QUERIES, *AUTOCOMPLETE])
        print("\n".join(kinds))
        return
    if args.queries:
        known = {kind for kind, *_ in [*QUERIES, *AUTOCOMPLETE]}
        unknown = set(args.queries.split(",")) - known
        if unknown:
            sys.exit(f"unknown query classes {', '.join(sorted(unknown))} (see --list)")
    runs = []
    with search_environment(args.backend) as env, tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            url = args.database_url.format(size=size)
            if url.startswith("postgres"):
                ensure_postgres_database(url)
            json_path = str(Path(tmp) / f"{size}.json")
            started = time.perf_counter()
            subprocess.run(
                worker_command(size, args, json_path),
                env={
                    **os.environ,
                    **env,
                    "DATABASE_URL": url,
                    "OPENSEARCH_INDEX": f"mdt-bench-{size}",
                },
                check=True,
            )
            print(f"({size}: {time.perf_counter() - started:.0f}s in all)", flush=True)
            runs.append(json.loads(Path(json_path).read_text(encoding="utf-8")))
    if args.json:
        figures = {
            "argv": sys.argv[1:],
            "backend": args.backend,
            "osmem": args.backend == "opensearch" and not os.environ.get("OPENSEARCH_URL"),
            "runs": runs,
        }
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
        print(f"figures written to {args.json}")


def arguments() -> argparse.Namespace:
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
        "--naive-timeout",
        type=float,
        default=5.0,
        help="seconds after which a statement of the baseline is cancelled (default 5)",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/mdt_bench_{size}",
        help="{size} is replaced by the catalog size",
    )
    parser.add_argument(
        "--backend",
        choices=("database", "opensearch"),
        default="database",
        help="opensearch: OPENSEARCH_URL, or an osmem-server the bench starts",
    )
    parser.add_argument("--queries", help="comma-separated query classes to run (see --list)")
    parser.add_argument("--list", action="store_true", help="print the query classes")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--worker-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--worker-json", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    main()
