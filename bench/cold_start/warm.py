"""The first request after a keep-warm: Zappa's (settings loaded, nothing else) against MDT's
`jobs.warm` (routes resolved, views imported, database connected), in fresh processes.

    .venv/bin/python bench/cold_start/warm.py                 # PostgreSQL, 7 runs of each
    .venv/bin/python bench/cold_start/warm.py --database-url sqlite:////tmp/warm.sqlite3

Each run is a new Python process that loads Django as Zappa's handler does (django.setup()
and the WSGI application), then either returns (Zappa's keep-warm) or calls `jobs.warm`, and
then times one authenticated GET /api/v1/platforms/ through the WSGI application, as the next
real request would arrive. The two kinds of run alternate; prints min/median/max of each and
the ratio of the medians.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, time, django
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()  # what Zappa's handler builds on a keep-warm
if {warm}:
    from metadata_discovery.jobs import warm
    warm()
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken
from accounts.models import User
token = str(AccessToken.for_user(User.objects.get(username="warm-bench")))
client = Client(HTTP_AUTHORIZATION=f"Bearer {{token}}", HTTP_HOST="127.0.0.1")
from django.db import connection
connection.close()  # the user lookup above is the bench's, not the request's
started = time.perf_counter()
response = client.get("/api/v1/platforms/")
elapsed = time.perf_counter() - started
assert response.status_code == 200, response.content
print(json.dumps({{"ms": elapsed * 1000}}))
"""


def run(env: dict, warm: bool) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(warm=warm)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/mdt_bench_warm"
    )
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        sys.path.insert(0, str(ROOT))
        from bench.search.run import (
            ensure_postgres_database,
        )  # pylint: disable=import-outside-toplevel

        ensure_postgres_database(args.database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.local",
        "DATABASE_URL": args.database_url,
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    make_user = (
        "from accounts.models import User; "
        "User.objects.get_or_create(username='warm-bench', defaults={'role': 'reader'})"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", make_user], cwd=ROOT, env=env, check=True
    )
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.runs):
        for warm in (False, True):
            times[warm].append(run(env, warm))
    for warm, label in ((False, "after Zappa's keep-warm"), (True, "after jobs.warm")):
        values = times[warm]
        print(
            f"first request {label:24} min {min(values):7.1f} ms  "
            f"median {statistics.median(values):7.1f} ms  max {max(values):7.1f} ms"
        )
    ratio = statistics.median(times[False]) / statistics.median(times[True])
    print(f"median ratio: {ratio:.1f}x faster after jobs.warm ({args.runs} runs each)")


if __name__ == "__main__":
    main()
