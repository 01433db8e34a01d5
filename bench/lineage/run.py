"""Lineage latency (issue #18) on a generated graph: MDT's endpoints against a naive recursive
ORM walk of the same query, in one run, on the same PostgreSQL database.

    python bench/lineage/run.py                         # 1M datasets (~1.5M edges), generated
    python bench/lineage/run.py --reuse                 # keep the graph the database holds
    python bench/lineage/run.py --datasets 20000        # scaled down
    python bench/lineage/run.py --queries impact --explain 3 --json /tmp/lineage.json

The database (``mdt_bench_lineage_<N>`` by default) is dropped, recreated and migrated, then
the graph is generated in SQL on the server (bench/lineage/graph.py: layers raw → staging →
intermediate → marts → reports, 0-4 upstreams per dataset drawn preferentially so a few hubs
have thousands of direct downstreams, a few cycles, column mappings on 90% of edges, 6-12
schema fields per dataset) and VACUUM ANALYZEd (so autovacuum does not start during the
timing). With ``--reuse`` a database that already holds N datasets and their edges is kept.
The generation's seconds per step and the server backend's peak memory (VmHWM) are printed.

The queries, each the issue's goal on its p95:

* lineage: GET datasets/{urn}/lineage/?direction=both&depth=3 (contract §1), p95 <= 50 ms;
* impact: GET datasets/{urn}/impact/?direction=downstream&max_hops=5, first page (§2),
  p95 <= 300 ms from the dataset whose 5-hop downstream closure is ~10k (the "closure" row);
* columns: GET datasets/{urn}/schema/{field}/lineage/?max_hops=3 (§3), p95 <= 50 ms.

Start nodes: --ordinary random datasets of the middle layers, the three biggest hubs and the
~10k-closure dataset. Requests go through DRF's in-process APIClient (force_authenticate: the
full view, serializer and JSON rendering, no HTTP socket). Per start node: 2 warm-up requests
and one warm-up baseline, then --repeat timed requests, each followed, for the first
--naive-repeat of them, by a timed run of the baseline (interleaved, so both share the
machine's noise); a start node stops after --budget seconds once it has 5 samples. A baseline
run is stopped after --naive-timeout seconds: it then shows ``>N`` (a lower bound) and is not
run again for that node. A full garbage collection follows every timed call, off the clock, so
each starts from the same heap (the walks' leftovers would otherwise be collected inside the
next MDT request). ``size`` is the answer's node count (impact: its count) from MDT and
from the baseline: they should agree unless MDT caps or pages the answer. An endpoint not in
the URL conf yet is skipped with a message.

--explain N: for each query, the start node with the worst MDT p95 (among those the goal is
about) is requested once more with its SQL captured; the N slowest statements are printed with
EXPLAIN (ANALYZE, BUFFERS).
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.lineage import graph, naive  # noqa: E402  pylint: disable=wrong-import-position

# pylint: disable=import-outside-toplevel  # Django is set up in main(), after DATABASE_URL


@dataclass(frozen=True)
class Start:
    kind: str  # ordinary, hub, closure
    label: str
    urn: str
    field_path: str


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    goal_ms: float
    goal_kinds: tuple[str, ...]  # the start kinds the goal is about
    path: Callable[[Start], str]
    size: Callable[[dict], str]
    baseline: Callable[[Start, float], int]


def _dataset_path(start: Start, rest: str) -> str:
    return f"/api/v1/datasets/{quote(start.urn, safe='')}/{rest}"


QUERIES = {
    "lineage": Query(
        "lineage",
        "§1 lineage, depth 3 both ways",
        50.0,
        ("ordinary", "hub", "closure"),
        lambda s: _dataset_path(s, "lineage/?direction=both&depth=3"),
        lambda body: f"{len(body['nodes'])}{'+' if body.get('truncated') else ''}",
        lambda s, deadline: naive.lineage(
            s.urn, direction="both", depth=3, limit=50, deadline=deadline
        ),
    ),
    "impact": Query(
        "impact",
        "§2 impact, downstream 5 hops, first page",
        300.0,
        ("closure",),
        lambda s: _dataset_path(s, "impact/?direction=downstream&max_hops=5"),
        lambda body: str(body["count"]),
        lambda s, deadline: naive.impact(s.urn, max_hops=5, limit=50, deadline=deadline),
    ),
    "columns": Query(
        "columns",
        "§3 column trace, 3 hops both ways",
        50.0,
        ("ordinary", "hub", "closure"),
        lambda s: _dataset_path(s, f"schema/{quote(s.field_path, safe='')}/lineage/?max_hops=3"),
        lambda body: f"{len(body['nodes'])}{'+' if body.get('truncated') else ''}",
        lambda s, deadline: naive.column_trace(
            s.urn, s.field_path, direction="both", max_hops=3, deadline=deadline
        ),
    ),
}


@dataclass
class Row:
    start: Start
    mdt_size: str = ""
    naive_size: str = ""
    mdt_ms: list[float] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    naive_timed_out: bool = False


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def figures(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(percentile(values, 95), 2),
        "max": round(max(values), 2),
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- the database and the graph ----------------------------------------------------------------


def recreate_database(url: str, drop: bool) -> None:
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if drop:
            cursor.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    admin.close()


def backend_peak_memory(cursor) -> str:
    """VmHWM of this connection's server process (it ran the generation), when readable."""
    cursor.execute("SELECT pg_backend_pid()")
    try:
        status = Path(f"/proc/{cursor.fetchone()[0]}/status").read_text(encoding="utf-8")
    except OSError:
        return "unknown (server process not readable)"
    return next(
        (line.split(":", 1)[1].strip() for line in status.splitlines() if line.startswith("VmHWM")),
        "unknown",
    )


def build_graph(datasets: int, reuse: bool) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from catalog.models import Dataset, LineageEdge

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    took: dict[str, Any] = {"migrate": round(time.perf_counter() - started, 1)}
    have = Dataset.objects.count()
    if reuse and have == datasets and LineageEdge.objects.exists():
        print(f"reusing the graph of {datasets} datasets", flush=True)
        return {"reused": True}
    if have:
        sys.exit(f"the database holds {have} datasets, not a graph of {datasets}: drop --reuse")
    print(f"generating {datasets} datasets (load average {load_average()})", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        took.update(graph.generate(cursor, datasets))
        took["generation"] = round(time.perf_counter() - started, 1)
        vacuumed = time.perf_counter()
        for table in ("catalog_dataset", "catalog_lineageedge", "catalog_schemafield"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        took["vacuum"] = round(time.perf_counter() - vacuumed, 1)
        took["backend_peak_memory"] = backend_peak_memory(cursor)
    print(
        f"generated in {took['generation']:.0f}s, then VACUUM ANALYZE {took['vacuum']:.0f}s; "
        f"server backend peak memory {took['backend_peak_memory']}",
        flush=True,
    )
    return took


def starts_of(datasets: int, ordinary: int) -> tuple[list[Start], dict[str, Any]]:
    from django.db import connection

    from catalog.models import Dataset

    started = time.perf_counter()
    with connection.cursor() as cursor:
        picked = graph.pick_starts(cursor, datasets, ordinary)
    urns = dict(
        Dataset.objects.filter(
            id__in=[*picked.ordinary, *(h for h, _ in picked.hubs), picked.closure[0]]
        ).values_list("id", "urn")
    )
    fields = [name for name, _, _ in graph.FIELDS[:4]]
    starts = [
        Start("ordinary", f"random #{i + 1}", urns[node], fields[i % len(fields)])
        for i, node in enumerate(picked.ordinary)
    ]
    starts += [
        Start("hub", f"hub #{i + 1} ({degree} down)", urns[node], "id")
        for i, (node, degree) in enumerate(picked.hubs)
    ]
    node, size, target = picked.closure
    starts.append(Start("closure", f"closure {size}", urns[node], "id"))
    about = {
        "closure_urn": urns[node],
        "closure_size": size,
        "closure_target": target,
        "hubs": picked.hubs,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(
        f"start nodes: {len(picked.ordinary)} random, hubs with "
        f"{', '.join(str(d) for _, d in picked.hubs)} direct downstreams, and {urns[node]} "
        f"whose {graph.CLOSURE_HOPS}-hop downstream closure is {size} datasets "
        f"(aimed at ~{target}); picked in {about['seconds']:.0f}s",
        flush=True,
    )
    return starts, about


# --- timing ------------------------------------------------------------------------------------


def endpoint_missing(query: Query, start: Start) -> str:
    """Why the endpoint cannot be timed yet ("" when it can)."""
    from django.urls import Resolver404, resolve

    path = unquote(query.path(start).split("?", 1)[0])  # as the server decodes it
    try:
        match = resolve(path)
    except Resolver404:
        return "no URL matches it"
    if match.url_name == "dataset-detail":  # the catch-all takes anything under datasets/
        return "not in the URL conf yet (only the dataset detail's catch-all matches it)"
    return ""


def timed_baseline(query: Query, start: Start, timeout: float) -> tuple[float, int | None]:
    started = time.perf_counter()
    try:
        size = query.baseline(start, started + timeout)
    except naive.NaiveTimeout:
        size = None
    took = (time.perf_counter() - started) * 1000
    # The recursive walks leave reference cycles (a nested function refers to itself) holding
    # thousands of rows until a full collection, which would then land in the next MDT request
    # (measured: impact from the closure node 370 -> 700 ms). Collected here, off the clock.
    gc.collect()
    return took, size


def measure(query: Query, start: Start, client, options: argparse.Namespace) -> Row:
    row = Row(start)

    def request() -> Any:
        response = client.get(query.path(start))
        assert response.status_code == 200, (query.path(start), response.content[:300])
        return response

    for _ in range(2):
        row.mdt_size = query.size(json.loads(request().content))
    _, size = timed_baseline(query, start, options.naive_timeout)
    row.naive_timed_out = size is None
    row.naive_size = "?" if size is None else str(size)
    deadline = time.perf_counter() + options.budget
    for index in range(options.repeat):
        started = time.perf_counter()
        request()
        row.mdt_ms.append((time.perf_counter() - started) * 1000)
        gc.collect()  # the same clean heap for each timed call, off the clock
        if index < options.naive_repeat and not row.naive_timed_out:
            took, size = timed_baseline(query, start, options.naive_timeout)
            row.naive_ms.append(took)
            row.naive_timed_out = size is None
        if index >= 4 and time.perf_counter() > deadline:
            break
    if not row.naive_ms:  # timed out in its warm-up run: that run is the lower bound
        row.naive_ms.append(options.naive_timeout * 1000)
    return row


def report(query: Query, rows: list[Row]) -> dict[str, Any]:
    def ms(value: float, bound: bool = False) -> str:
        return f">{value:.0f}" if bound else f"{value:.1f}"

    head = ("start", "size MDT/naive", "MDT p50", "p95", "max", "naive p50", "p95", "max", "ratio")
    widths = (22, 15, 8, 8, 8, 10, 9, 9, 7)

    def line(cells) -> None:
        print(
            " ".join(
                f"{c:<{w}}" if i < 2 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths))
            )
        )

    print(f"\n{query.title}: ms per request")
    line(head)
    out = []
    for row in rows:
        mdt, base, bound = figures(row.mdt_ms), figures(row.naive_ms), row.naive_timed_out
        line(
            (
                row.start.label[:22],
                f"{row.mdt_size}/{row.naive_size}"[:15],
                ms(mdt["p50"]),
                ms(mdt["p95"]),
                ms(mdt["max"]),
                ms(base["p50"], bound),
                ms(base["p95"], bound),
                ms(base["max"], bound),
                f"{'>' if bound else ''}{base['p95'] / mdt['p95']:.1f}x",
            )
        )
        out.append(
            {
                "start": asdict(row.start),
                "mdt_size": row.mdt_size,
                "naive_size": row.naive_size,
                "mdt_ms": mdt,
                "naive_ms": base,
                "naive_timed_out": bound,
                "mdt_samples": len(row.mdt_ms),
                "naive_samples": len(row.naive_ms),
            }
        )
    summary = {}
    for name, kinds in (("ALL", None), ("goal", query.goal_kinds)):
        chosen = [row for row in rows if kinds is None or row.start.kind in kinds]
        if not chosen or (name == "goal" and kinds == ("ordinary", "hub", "closure")):
            continue
        mdt = figures([v for row in chosen for v in row.mdt_ms])
        base = figures([v for row in chosen for v in row.naive_ms])
        bound = any(row.naive_timed_out for row in chosen)
        label = "ALL (every sample)" if name == "ALL" else "goal rows: " + ",".join(kinds)
        line(
            (
                label[:22],
                "",
                ms(mdt["p50"]),
                ms(mdt["p95"]),
                ms(mdt["max"]),
                ms(base["p50"], bound),
                ms(base["p95"], bound),
                ms(base["max"], bound),
                f"{'>' if bound else ''}{base['p95'] / mdt['p95']:.1f}x",
            )
        )
        summary[name] = {"mdt_ms": mdt, "naive_ms": base, "naive_is_lower_bound": bound}
    goal_rows = summary.get("goal", summary["ALL"])
    met = goal_rows["mdt_ms"]["p95"] <= query.goal_ms
    print(
        f"goal: p95 <= {query.goal_ms:g} ms over {', '.join(query.goal_kinds)} start nodes: "
        f"{'met' if met else 'MISSED'} ({goal_rows['mdt_ms']['p95']:.1f} ms)",
        flush=True,
    )
    return {"rows": out, "summary": summary, "goal_ms": query.goal_ms, "goal_met": met}


def explain(query: Query, row: Row, client, count: int) -> None:
    """The ``count`` slowest statements of one request, with their plans."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        profiler.runcall(client.get, query.path(row.start))
        took = (time.perf_counter() - started) * 1000
    statements = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in statements) * 1000
    print(
        f"\nEXPLAIN {query.name} from {row.start.label} ({row.start.urn}): {took:.0f} ms, "
        f"{len(statements)} statements, {total:.0f} ms of them in the database"
    )
    for title, order, where, shown in (
        ("cumulative, the project's code", "cumulative", rf"^{ROOT}/(catalog|core|accounts)/", 12),
        ("own time, any code", "tottime", "", 15),
    ):
        print(f"where the time goes (cProfile, {title}):")
        lines = io.StringIO()
        pstats.Stats(profiler, stream=lines).sort_stats(order).print_stats(where, shown)
        print(
            "\n".join(lines.getvalue().strip().splitlines()[-shown - 1 :]).replace(f"{ROOT}/", "")
        )
    with connection.cursor() as cursor:
        for statement in statements[:count]:
            print(f"--- {float(statement['time']) * 1000:.1f} ms: {statement['sql'][:600]}")
            if not statement["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement["sql"])
            print("\n".join(line for (line,) in cursor.fetchall()))


def run_queries(starts: list[Start], options: argparse.Namespace) -> dict[str, Any]:
    from django.conf import settings
    from rest_framework.test import APIClient

    from accounts.models import Role, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _ = User.objects.get_or_create(username="bench-lineage", defaults={"role": Role.READER})
    client = APIClient()
    client.force_authenticate(user=user)
    results: dict[str, Any] = {}
    kinds = set(options.kinds.split(","))
    starts = [start for start in starts if start.kind in kinds]
    for name in options.queries.split(","):
        query = QUERIES[name]
        missing = endpoint_missing(query, starts[0])
        if missing:
            print(
                f"\nSKIPPED {query.title}: {query.path(starts[0]).split('?')[0]} {missing}",
                flush=True,
            )
            results[name] = {"skipped": missing}
            continue
        print(
            f"\n{query.title}: timing {len(starts)} start nodes (load average "
            f"{load_average()})",
            flush=True,
        )
        rows = []
        for start in starts:
            started = time.perf_counter()
            rows.append(measure(query, start, client, options))
            print(
                f"  {start.label}: {len(rows[-1].mdt_ms)} requests, "
                f"{len(rows[-1].naive_ms)} baseline runs, {time.perf_counter() - started:.0f}s",
                flush=True,
            )
        results[name] = report(query, rows)
        if options.explain:
            goal_rows = [row for row in rows if row.start.kind in query.goal_kinds]
            worst = max(goal_rows or rows, key=lambda r: percentile(r.mdt_ms, 95))
            explain(query, worst, client, options.explain)
    return results


def main() -> None:
    options = arguments()
    url = options.database_url.format(size=options.datasets)
    recreate_database(url, drop=not options.reuse)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every statement of the walks in memory
    import django

    django.setup()
    began = load_average()
    print(
        f"{options.datasets} datasets, database {url}; {os.cpu_count()} CPUs, load average "
        f"(1, 5, 15 min) {began}",
        flush=True,
    )
    build = build_graph(options.datasets, options.reuse)
    from catalog.models import LineageEdge, SchemaField

    print(
        f"{LineageEdge.objects.count()} edges, {SchemaField.objects.count()} schema fields",
        flush=True,
    )
    starts, about = starts_of(options.datasets, options.ordinary)
    before = load_average()
    results = run_queries(starts, options)
    after = load_average()
    print(
        f"\nload average (1, 5, 15 min): at start {began}; before timing {before}; "
        f"after {after}",
        flush=True,
    )
    if options.json:
        Path(options.json).write_text(
            json.dumps(
                {
                    "argv": sys.argv[1:],
                    "datasets": options.datasets,
                    "build": build,
                    "starts": about,
                    "load_average": {"start": began, "before": before, "after": after},
                    "queries": results,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        print(f"figures written to {options.json}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=1_000_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database's graph when it holds --datasets datasets",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/mdt_bench_lineage_{size}",
        help="{size} is replaced by --datasets",
    )
    parser.add_argument("--queries", default="lineage,impact,columns")
    parser.add_argument("--ordinary", type=int, default=8, help="random start nodes")
    parser.add_argument(
        "--kinds", default="ordinary,hub,closure", help="the kinds of start nodes to time"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per start node")
    parser.add_argument(
        "--naive-repeat",
        type=int,
        default=5,
        help="timed baseline runs per start node (the first N requests')",
    )
    parser.add_argument(
        "--naive-timeout",
        type=float,
        default=20.0,
        help="seconds after which a baseline run is stopped",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per start node, after which it stops at 5 samples",
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="N",
        help="EXPLAIN (ANALYZE, BUFFERS) the N slowest statements per query",
    )
    parser.add_argument("--json", help="also write the figures to this JSON file")
    options = parser.parse_args()
    unknown = set(options.queries.split(",")) - set(QUERIES)
    if unknown:
        parser.error(f"unknown queries {', '.join(sorted(unknown))}; known: {', '.join(QUERIES)}")
    return options


if __name__ == "__main__":
    main()
