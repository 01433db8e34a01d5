"""Ingestion throughput: the bulk API against one-by-one upserts, in the same run and database.

    python bench/ingest/run.py                      # 10k datasets x 20 fields on PostgreSQL,
                                                    # one client, then two posting at once
    python bench/ingest/run.py --clients 1          # one client only
    python bench/ingest/run.py --indexing inline    # index inside each request
    python bench/ingest/run.py --datasets 2000 --database-url sqlite:////tmp/bench.sqlite3

The database is dropped and recreated first. Requests go through DRF's in-process APIClient
(the full view: auth, JSON parsing, validation, the bulk path and the commit), in batches of
--batch-size. The documents are built before each clock starts; the client's JSON encoding is
timed. Each bulk figure is given twice:

* accepted/s: until the last response. Where search indexing runs is ``--indexing``
  (``SEARCH_BULK_INDEXING``):

  - ``lambda`` (default, production's settings: ``dispatch`` through
    ``metadata_discovery.lambda_tasks``): each batch's response sends an asynchronous
    invocation of the function, which another instance runs. Here the invocation goes through
    Zappa's own sender to a stand-in for Lambda's client that hands its payload to a process
    of its own (one, for every client), which runs it through Zappa's task routing
    (``route_lambda_task`` → ``search.indexing.index_task``);
  - ``background`` (the local server's setting): on the process's indexing thread, which
    shares the interpreter's lock with the requests;
  - ``inline``: inside the request; both figures are then the same;
* searchable/s: until the index holds every batch (nothing is pending any more).

With N clients, N processes (as N Lambda instances would) post every N-th batch at once. By
default the bench runs with one client, then with two, each on a fresh database: a real
``datahub ingest`` posts concurrently (the ``datahub-rest`` sink's default ASYNC mode sends from
up to 15 threads), and in production each concurrent request gets a Lambda instance of its own.

Measured:

* bulk, new datasets (every one created);
* bulk, the same documents again (every one unchanged: no writes);
* bulk, the same documents with one field changed in each (every one updated);
* one by one: ``services.dataset_upsert`` per dataset, each in its own transaction, on
  --one-by-one fresh URNs (what ``ingest_batch`` did before the bulk path), indexed inline.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def document(i: int, fields: int, variant: str = "") -> dict:
    return {
        "urn": document_urn(i),
        "description": f"Table {i}{variant}",
        "custom_properties": {"rows": str(i * 10)},
        "schema": [
            {
                "field_path": f"column_{j}",
                "type": "number" if j % 3 == 0 else "string",
                "native_type": "bigint" if j % 3 == 0 else "varchar(200)",
                "nullable": j != 0,
                "is_key": j == 0,
                "description": f"Column {j} of table {i}" + (variant if j == 1 else ""),
                "tags": ["pii"] if j == 2 else [],
            }
            for j in range(fields)
        ],
        "owners": [{"owner": f"urn:li:corpuser:owner{i % 100}", "type": "TECHNICAL_OWNER"}],
        "tags": ["bench"],
        "glossary_terms": ["Bench.Table"],
        "upstreams": (
            [{"urn": document_urn(i - 1), "type": "TRANSFORMED", "actor": "urn:li:dataJob:etl"}]
            if i % 10
            else []
        ),
    }


def document_urn(i: int) -> str:
    return f"urn:li:dataset:(urn:li:dataPlatform:postgres,bench.schema_{i % 50}.table_{i},PROD)"


class AsyncInvocations:
    """Lambda's asynchronous invocations, for ``--indexing lambda``: set as Zappa's Lambda
    client, it takes what Zappa's sender sends (``invoke`` with InvocationType ``Event``) and
    hands the payload to a process of its own, as Lambda hands it to another instance, which
    runs it through Zappa's task routing. Created before the client processes fork, so they
    all send to the same one."""

    def __init__(self) -> None:
        # pylint: disable=import-outside-toplevel
        import multiprocessing

        from django.db import connections

        context = multiprocessing.get_context("fork")
        self.queue = context.Queue()
        self.failed = context.Event()  # an invocation raised: the index will not catch up
        connections.close_all()  # the instance opens its own
        self.process = context.Process(
            target=self._serve, args=(self.queue, self.failed), daemon=True
        )
        self.process.start()

    def invoke(self, *, FunctionName: str, InvocationType: str, Payload: str) -> dict:
        # pylint: disable=invalid-name  # boto3's names
        assert InvocationType == "Event", (FunctionName, InvocationType)
        self.queue.put(Payload)
        return {"StatusCode": 202}

    @staticmethod
    def _serve(queue, failed) -> None:
        # pylint: disable=import-outside-toplevel
        import traceback

        from zappa.asynchronous import route_lambda_task

        while (payload := queue.get()) is not None:
            try:
                route_lambda_task(json.loads(payload), None)
            except Exception:  # pylint: disable=broad-exception-caught
                traceback.print_exc()
                failed.set()

    def stop(self) -> None:
        self.queue.put(None)
        self.process.join(timeout=60)


_INVOCATIONS: AsyncInvocations | None = None  # with --indexing lambda; the clients inherit it


def _wait_searchable(timeout: float = 600) -> None:
    """Until the index holds every committed version: this process's indexing thread has
    delivered everything, and no invocation is still to run."""
    # pylint: disable=import-outside-toplevel
    from search.indexing import background_indexer
    from search.relay import pending_count

    deadline = time.monotonic() + timeout
    assert background_indexer().flush(timeout=timeout)
    while pending_count():
        assert time.monotonic() < deadline, "the index did not catch up"
        assert not (_INVOCATIONS and _INVOCATIONS.failed.is_set()), "an invocation failed"
        time.sleep(0.01)


def _post_all(bodies: list[dict], expect: str, user_id: int) -> tuple[float, float, float]:
    """Post ``bodies`` in order; return (start, accepted, searchable) clock readings: the last
    response, then the moment the index holds everything."""
    # pylint: disable=import-outside-toplevel
    from rest_framework.test import APIClient

    from accounts.models import User

    client = APIClient()
    client.force_authenticate(user=User.objects.get(id=user_id))
    started = time.perf_counter()
    for body in bodies:
        response = client.post("/api/v1/ingest/", body, format="json")
        assert response.status_code == 200, response.content[:500]
        result = response.json()
        assert result[expect] == len(body["datasets"]), result
    accepted = time.perf_counter()
    _wait_searchable()
    return started, accepted, time.perf_counter()


def _client_process(bodies, expect, user_id, barrier, results) -> None:
    barrier.wait()
    results.put(_post_all(bodies, expect, user_id))


def _push(bodies: list[dict], expect: str, user_id: int, clients: int) -> tuple[float, float]:
    """Seconds until every batch is accepted, and until every batch is searchable. With several
    clients, each is a process of its own (as each Lambda instance is) posting every
    ``clients``-th batch, all starting together."""
    # pylint: disable=import-outside-toplevel
    import multiprocessing

    from django.db import connections

    if clients == 1:
        started, accepted, searchable = _post_all(bodies, expect, user_id)
        return accepted - started, searchable - started
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(clients), context.Queue()
    processes = [
        context.Process(
            target=_client_process, args=(bodies[i::clients], expect, user_id, barrier, results)
        )
        for i in range(clients)
    ]
    for process in processes:
        process.start()
    readings = [results.get(timeout=900) for _ in processes]
    for process in processes:
        process.join()
        assert process.exitcode == 0, process.exitcode
    started = min(reading[0] for reading in readings)
    return (
        max(reading[1] for reading in readings) - started,
        max(reading[2] for reading in readings) - started,
    )


def worker(args: argparse.Namespace) -> None:
    # pylint: disable=import-outside-toplevel
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metadata_discovery.settings.local")
    if args.indexing == "lambda":  # production's settings: dispatched to the Lambda edge
        os.environ["SEARCH_BULK_INDEXING"] = "dispatch"
        os.environ["SEARCH_INDEX_DISPATCHER"] = "metadata_discovery.lambda_tasks.dispatch"
    else:
        os.environ["SEARCH_BULK_INDEXING"] = args.indexing
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Role, User
    from catalog import services
    from ingestion.serializers import item_parse
    from catalog.models import ChangeEvent, Dataset, SchemaField
    from search.relay import pending_count

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    user = User.objects.create(username="bench-ingestion", role=Role.INGESTION)
    global _INVOCATIONS  # pylint: disable=global-statement
    if args.indexing == "lambda":
        import zappa.asynchronous

        os.environ["AWS_LAMBDA_FUNCTION_NAME"] = "mdt-bench"  # what makes MDT send them
        _INVOCATIONS = zappa.asynchronous.LAMBDA_CLIENT = AsyncInvocations()

    def push(variant: str, expect: str) -> tuple[float, float]:
        # The documents are made before the clock starts: building them is the bench's work,
        # not the API's. Encoding them to JSON (APIClient) stays inside, as a client's would.
        bodies = [
            {"datasets": [document(i, args.fields, variant) for i in range(start, end)]}
            for start in range(0, args.datasets, args.batch_size)
            for end in [min(start + args.batch_size, args.datasets)]
        ]
        accepted, searchable = _push(bodies, expect, user.id, args.clients)
        assert pending_count() == 0
        return args.datasets / accepted, args.datasets / searchable

    print(
        f"\n{args.datasets} datasets x {args.fields} fields on {connection.vendor}, "
        f"batches of {args.batch_size}, {args.clients} client(s), in-process APIClient, "
        f"bulk indexing {args.indexing}",
        flush=True,
    )
    rates = {
        "bulk API, new": push("", "created"),
        "bulk API, unchanged": push("", "unchanged"),
        "bulk API, updated": push(" (v2)", "updated"),
    }
    assert Dataset.objects.filter(name__startswith="bench.").count() == args.datasets
    assert SchemaField.objects.count() == args.datasets * args.fields

    offset = args.datasets
    items = [
        item_parse(i, document(i, args.fields)) for i in range(offset, offset + args.one_by_one)
    ]
    started = time.perf_counter()
    for item in items:
        services.dataset_upsert(actor=services.actor_of(user), **item.__dict__)
    one_by_one = args.one_by_one / (time.perf_counter() - started)
    rates["one by one (dataset_upsert)"] = (one_by_one, one_by_one)

    print(f"{'path':32} {'accepted/s':>10} {'searchable/s':>12}")
    for name, (accepted, searchable) in rates.items():
        print(f"{name:32} {accepted:10.0f} {searchable:12.0f}")
    speedup = rates["bulk API, new"][0] / one_by_one
    print(
        f"bulk/new vs one by one (accepted): {speedup:.0f}x "
        f"({ChangeEvent.objects.count()} change events)",
        flush=True,
    )
    if _INVOCATIONS:
        _INVOCATIONS.stop()


def reset_postgres_database(url: str) -> None:
    # pylint: disable=import-outside-toplevel
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--fields", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--one-by-one", type=int, default=1000)
    parser.add_argument(
        "--clients",
        default="1,2",
        help="concurrent client processes; a comma-separated list runs each in turn (default 1,2)",
    )
    parser.add_argument(
        "--indexing",
        choices=["lambda", "background", "inline"],
        default="lambda",
        help="SEARCH_BULK_INDEXING: in an asynchronous invocation (production's, the default), "
        "on the process's indexing thread (the local server's), or in the request",
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/mdt_bench_ingest"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.clients = int(args.clients)
        worker(args)
        return
    for clients in [int(value) for value in args.clients.split(",")]:
        if args.database_url.startswith("postgres"):
            reset_postgres_database(args.database_url)
        elif args.database_url.startswith("sqlite:///"):
            Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        passed = {
            "--datasets": args.datasets,
            "--fields": args.fields,
            "--batch-size": args.batch_size,
            "--one-by-one": args.one_by_one,
            "--indexing": args.indexing,
            "--database-url": args.database_url,
            "--clients": clients,
        }
        subprocess.run(
            [sys.executable, __file__, "--worker", *[f"{k}={v}" for k, v in passed.items()]],
            env={**os.environ, "DATABASE_URL": args.database_url},
            check=True,
        )


if __name__ == "__main__":
    main()
