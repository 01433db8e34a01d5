"""A lineage graph of N datasets generated on the server, in SQL, into the Django tables.

Shape (deterministic: every draw is a hash of the row's numbers, not ``random()``):

* layers by id range, each a platform family: raw 30% (kafka, mysql, postgres, s3), staging
  25% (hive, glue), intermediate 20% (snowflake, dbt), marts 15% (snowflake, bigquery),
  reports 10% (redshift, bigquery);
* every dataset past raw has 0-4 upstreams (5/30/30/20/15%), 80% from the layer just before,
  else from any earlier one; within that layer half the draws are preferential (a Zipf-like,
  log-uniform rank, so the top ranks get thousands of direct downstreams: the hubs) and half
  uniform; ranks map to ids through a multiplication by a prime, so hubs are spread out;
* a few cycles: N/20000 two-cycles (an edge reversed) and as many three-cycles
  (a→b→c plus c→a);
* every dataset has 6-12 schema fields named from FIELDS; 90% of edges carry column mappings:
  3-10 of them (never more than the downstream's fields), downstream field j from upstream
  field (j + offset) mod its field count, a fifth of them from two upstream fields.

Dataset ids are given explicitly (1..N) and the identity sequence moved past them.
"""

import math
import random
import time
from dataclasses import dataclass

LAYERS = [
    ("raw", 0.30, ("kafka", "mysql", "postgres", "s3")),
    ("staging", 0.25, ("hive", "glue")),
    ("intermediate", 0.20, ("snowflake", "dbt")),
    ("marts", 0.15, ("snowflake", "bigquery")),
    ("reports", 0.10, ("redshift", "bigquery")),
]
SUBJECTS = (
    "orders customers payments sessions pageviews products invoices shipments refunds "
    "clicks users events accounts campaigns inventory subscriptions"
).split()
SCHEMAS = "sales marketing finance product ops growth support risk".split()
FIELDS = [
    ("id", "bigint", "number"),
    ("customer_id", "bigint", "number"),
    ("order_id", "bigint", "number"),
    ("amount", "decimal(18,2)", "number"),
    ("created_at", "timestamp", "time"),
    ("status", "varchar(32)", "string"),
    ("country", "varchar(2)", "string"),
    ("email", "varchar(200)", "string"),
    ("product_id", "bigint", "number"),
    ("quantity", "integer", "number"),
    ("revenue", "decimal(18,2)", "number"),
    ("updated_at", "timestamp", "time"),
]
TRANSFORMATIONS = ("IDENTITY", "IDENTITY", "SUM", "CAST")
PREFERENTIAL = 0.5  # share of upstream draws that are preferential (Zipf-like) rather than uniform
PRIME = 2147483629  # above any layer size: rank -> id is a bijection within a layer


@dataclass(frozen=True)
class Layer:
    name: str
    start: int  # first id
    size: int
    platforms: tuple[str, ...]


def layers(datasets: int) -> list[Layer]:
    out, start = [], 1
    for index, (name, share, platforms) in enumerate(LAYERS):
        size = datasets - start + 1 if index == len(LAYERS) - 1 else max(1, int(datasets * share))
        out.append(Layer(name, start, size, platforms))
        start += size
    return out


def _u(expr: str, seed: int) -> str:
    """A uniform draw in [0, 1) from a hash of ``expr``."""
    return f"((hashint8extended(({expr})::bigint, {seed}) & 4294967295)::float8 / 4294967296.0)"


def _h(expr: str, seed: int) -> str:
    """A non-negative hash of ``expr``."""
    return f"(hashint8extended(({expr})::bigint, {seed}) & 2147483647)"


def _fields_of(expr: str) -> str:
    """How many schema fields dataset ``expr`` has: 6..12."""
    return f"(6 + {_h(expr, 7)} % 7)"


def _text_array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]::text[]"


def _datasets_sql(layer: Layer) -> str:
    db = {"raw": "src", "staging": "stg", "intermediate": "int", "marts": "mart"}.get(
        layer.name, "rpt"
    )
    return f"""
INSERT INTO catalog_dataset (id, urn, name, origin, qualified_name, display_name, description,
    docs, custom_properties, browse_path, status, deprecation_note, created_at, created_by,
    modified_at, modified_by, version, platform_id)
SELECT d, 'urn:li:dataset:(urn:li:dataPlatform:' || p.name || ',' || n.name || ',PROD)',
    n.name, 'PROD', '', '', '', '', '{{}}'::jsonb, '/' || p.name || '/{db}/' || n.schema,
    CASE WHEN {_u('d', 21)} < 0.01 THEN 'deprecated' ELSE 'active' END, '',
    now() - interval '400 days', 'urn:li:corpuser:bench',
    now() - ({_h('d', 22)} % 86400000) * interval '1 second', 'urn:li:corpuser:bench', 1, p.id
FROM generate_series({layer.start}, {layer.start + layer.size - 1}) d
CROSS JOIN LATERAL (
    SELECT s.schema, '{db}.' || s.schema || '.{layer.name[:3]}_'
        || ({_text_array(SUBJECTS)})[1 + {_h('d', 23)} % {len(SUBJECTS)}] || '_' || d AS name,
        ({_text_array(layer.platforms)})[1 + {_h('d', 24)} % {len(layer.platforms)}] AS platform
    FROM (SELECT ({_text_array(SCHEMAS)})[1 + {_h('d', 25)} % {len(SCHEMAS)}] AS schema) s
) n
JOIN catalog_dataplatform p ON p.name = n.platform
"""


def _edges_sql(all_layers: list[Layer], index: int) -> str:
    """The upstream edges of every dataset of layer ``index`` (> 0)."""
    layer = all_layers[index]
    starts = "ARRAY[" + ", ".join(str(x.start) for x in all_layers) + "]::bigint[]"
    sizes = "ARRAY[" + ", ".join(str(x.size) for x in all_layers) + "]::bigint[]"
    far_layer = f"floor({_u('d * 8 + s', 2)} * {index})::int" if index > 1 else "0"
    count = _u("d", 3)
    return f"""
WITH picks AS (
    SELECT d, d * 8 + s AS e,
        CASE WHEN {_u('d * 8 + s', 1)} < 0.8 THEN {index - 1} ELSE {far_layer} END AS sl
    FROM generate_series({layer.start}, {layer.start + layer.size - 1}) d
    CROSS JOIN LATERAL generate_series(1, CASE WHEN {count} < 0.05 THEN 0 WHEN {count} < 0.35 THEN 1
        WHEN {count} < 0.65 THEN 2 WHEN {count} < 0.85 THEN 3 ELSE 4 END) s
), ranked AS (
    SELECT d, e, ({starts})[sl + 1] AS lstart, ({sizes})[sl + 1] AS lsize,
        CASE WHEN {_u('e', 4)} < {PREFERENTIAL}
            THEN floor(exp({_u('e', 5)} * ln(({sizes})[sl + 1] + 1)))::bigint - 1
            ELSE floor({_u('e', 5)} * ({sizes})[sl + 1])::bigint END AS rank
    FROM picks
), ends AS (
    SELECT lstart + ((least(greatest(rank, 0), lsize - 1) * {PRIME}) % lsize) AS up, d, e
    FROM ranked
), shaped AS (
    SELECT up, d, e, {_fields_of('up')} AS fu,
        CASE WHEN {_u('e', 11)} < 0.1 THEN 0 ELSE least(3 + {_h('e', 12)} % 8, {_fields_of('d')}) END AS m,
        {_h('e', 13)} AS o
    FROM ends
)
INSERT INTO catalog_lineageedge (upstream_id, downstream_id, type, actor, created_at,
    column_mappings, source, hidden)
SELECT up, d,
    CASE WHEN {_u('e', 6)} < 0.8 THEN 'TRANSFORMED' WHEN {_u('e', 6)} < 0.9 THEN 'VIEW' ELSE 'COPY' END,
    CASE WHEN {_u('e', 7)} < 0.1 THEN 'urn:li:corpuser:user' || {_h('e', 8)} % 50
        ELSE 'urn:li:dataJob:(urn:li:dataFlow:(airflow,dag_' || {_h('d', 8)} % 500
            || ',prod),task_' || {_h('e', 9)} % 20 || ')' END,
    timestamptz '2026-01-01 00:00:00+00' + ({_h('e', 10)} % 25920000) * interval '1 second',
    cm.mappings, 'ingested', false
FROM shaped
CROSS JOIN LATERAL (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'upstreams', CASE WHEN {_u('e * 16 + j', 14)} < 0.2
            THEN jsonb_build_array(f[1 + (j + o) % fu], f[1 + (j + o + 1) % fu])
            ELSE jsonb_build_array(f[1 + (j + o) % fu]) END,
        'downstreams', jsonb_build_array(f[1 + j]),
        'transformation', t[1 + {_h('e * 16 + j', 15)} % {len(TRANSFORMATIONS)}]
    ) ORDER BY j), '[]'::jsonb) AS mappings
    FROM generate_series(0, m - 1) j,
        (SELECT {_text_array(name for name, _, _ in FIELDS)} AS f,
            {_text_array(TRANSFORMATIONS)} AS t) v
) cm
WHERE up <> d
ON CONFLICT DO NOTHING
"""


def _cycles_sql(cycles: int) -> list[str]:
    """``cycles`` edges reversed (two-cycles), then ``cycles`` a→b→c closed by c→a."""
    mapping = '[{"upstreams": ["id"], "downstreams": ["id"], "transformation": "IDENTITY"}]'
    values = (
        f"'TRANSFORMED', 'urn:li:corpuser:bench-cycle', now(), '{mapping}'::jsonb, 'ingested', "
        "false"
    )
    columns = "upstream_id, downstream_id, type, actor, created_at, column_mappings, source, hidden"
    return [
        f"""
INSERT INTO catalog_lineageedge ({columns})
SELECT downstream_id, upstream_id, {values}
FROM catalog_lineageedge WHERE {_h('id', 31)} % 997 = 0 ORDER BY id LIMIT {cycles}
ON CONFLICT DO NOTHING
""",
        f"""
INSERT INTO catalog_lineageedge ({columns})
SELECT DISTINCT ON (e1.id) e2.downstream_id, e1.upstream_id, {values}
FROM catalog_lineageedge e1 JOIN catalog_lineageedge e2 ON e2.upstream_id = e1.downstream_id
WHERE {_h('e1.id', 32)} % 997 = 1 AND e2.downstream_id <> e1.upstream_id
ORDER BY e1.id, e2.id LIMIT {cycles}
ON CONFLICT DO NOTHING
""",
    ]


def _fields_sql(first: int, last: int) -> str:
    names = _text_array(name for name, _, _ in FIELDS)
    natives = _text_array(native for _, native, _ in FIELDS)
    types = _text_array(kind for _, _, kind in FIELDS)
    return f"""
INSERT INTO catalog_schemafield (dataset_id, field_path, native_type, type, nullable, is_key,
    is_partition, ordinal, description, editable_description, tags, editable_tags,
    glossary_terms, editable_glossary_terms, classification)
SELECT d, ({names})[1 + j], ({natives})[1 + j], ({types})[1 + j], j <> 0, j = 0, false, j,
    '', '', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
    CASE WHEN j = 7 THEN 'EMAIL' ELSE '' END
FROM generate_series({first}, {last}) d
CROSS JOIN LATERAL generate_series(0, {_fields_of('d')} - 1) j
"""


def generate(cursor, datasets: int, say=print) -> dict[str, float]:
    """Fill the empty catalog tables with the graph; seconds per step."""
    all_layers = layers(datasets)
    took: dict[str, float] = {}

    def step(name: str, statements: list[str]) -> None:
        started = time.perf_counter()
        rows = 0
        for sql in statements:
            cursor.execute(sql)
            rows += max(cursor.rowcount, 0)
        took[name] = round(time.perf_counter() - started, 1)
        say(f"  {name}: {rows} rows in {took[name]:.1f}s")

    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET jit = off")  # the planner's huge estimates make it compile for seconds
    cursor.execute("SET maintenance_work_mem = '128MB'")
    step("datasets", [_datasets_sql(layer) for layer in all_layers])
    cursor.execute("SELECT setval(pg_get_serial_sequence('catalog_dataset', 'id'), %s)", [datasets])
    step("edges", [_edges_sql(all_layers, i) for i in range(1, len(all_layers))])
    step("cycles", _cycles_sql(max(2, datasets // 20000)))
    chunk = 250_000
    step(
        "schema fields",
        [_fields_sql(lo, min(lo + chunk - 1, datasets)) for lo in range(1, datasets + 1, chunk)],
    )
    started = time.perf_counter()
    for table in ("catalog_dataset", "catalog_lineageedge", "catalog_schemafield"):
        cursor.execute(f"ANALYZE {table}")
    took["analyze"] = round(time.perf_counter() - started, 1)
    say(f"  analyze: {took['analyze']:.1f}s")
    return took


@dataclass(frozen=True)
class Starts:
    """The start nodes of the timed queries (dataset ids)."""

    ordinary: list[int]
    hubs: list[tuple[int, int]]  # (id, direct downstreams)
    closure: tuple[int, int, int]  # (id, its downstream closure within CLOSURE_HOPS, target)


CLOSURE_HOPS = 5


def closure_size(cursor, node: int, hops: int = CLOSURE_HOPS, cap: int = 10**9) -> int:
    """How many datasets are downstream of ``node`` within ``hops`` (stops past ``cap``)."""
    seen, frontier = {node}, [node]
    for _ in range(hops):
        if not frontier or len(seen) > cap:
            break
        cursor.execute(
            "SELECT DISTINCT downstream_id FROM catalog_lineageedge"
            " WHERE upstream_id = ANY(%s) AND NOT hidden",
            [frontier],
        )
        frontier = [row[0] for row in cursor.fetchall() if row[0] not in seen]
        seen.update(frontier)
    return len(seen) - 1


def pick_starts(cursor, datasets: int, ordinary: int, seed: int = 18) -> Starts:
    """``ordinary`` random datasets of the middle layers (staging to marts) that are not hubs,
    the three datasets with the most direct downstreams, and the dataset whose downstream
    closure is nearest ~10k (1% of the catalog when smaller)."""
    cursor.execute(
        "SELECT upstream_id, count(*) FROM catalog_lineageedge WHERE NOT hidden"
        " GROUP BY upstream_id ORDER BY count(*) DESC, upstream_id LIMIT 400"
    )
    by_degree = cursor.fetchall()
    target = max(100, min(10_000, datasets // 100))
    assert by_degree, "the graph has no edges"
    best = (math.inf, 0, 0)  # (distance from the target on a log scale, node, closure)
    small_in_a_row = 0
    for node, _ in by_degree:  # closures shrink, roughly, with the direct downstreams
        size = closure_size(cursor, node, cap=target * 4)
        distance = abs(math.log(max(size, 1) / target))
        if distance < best[0]:
            best = (distance, node, size)
        small_in_a_row = small_in_a_row + 1 if size < target / 2 else 0
        if small_in_a_row >= 10:
            break
    hubs = [row[0] for row in by_degree[:50]]
    middle = layers(datasets)[1:4]
    rng = random.Random(seed)
    picked: list[int] = []
    while len(picked) < ordinary:
        layer = rng.choice(middle)
        node = layer.start + rng.randrange(layer.size)
        if node not in hubs and node not in picked and node != best[1]:
            picked.append(node)
    return Starts(
        ordinary=picked,
        hubs=list(by_degree[:3]),
        closure=(best[1], best[2], target),
    )
