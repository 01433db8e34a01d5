"""Scheduled jobs: the entry point Zappa's `events` call on a schedule.

Zappa's handler passes the CloudWatch event, carrying the `kwargs` of the `events` entry in
zappa_settings.json, e.g. {"command": "clearsessions"}. Only allow-listed management commands
run: the schedule lives in configuration, and configuration must not be able to run arbitrary
commands (`flush`, `loaddata`…) inside the production Lambda.
"""

import logging
from io import StringIO
from pathlib import Path
from time import monotonic

from django.core.management import call_command

from metadata_discovery.aws import secret_string

logger = logging.getLogger(__name__)

ALLOWED_COMMANDS = frozenset({"clearsessions", "flushexpiredtokens", "search_relay"})

# Recipes a schedule may run live in this folder of the deployed package (or come inline in the
# event's kwargs); a path outside it is refused, as a command outside the allow-list is.
RECIPES_DIR = Path(__file__).resolve().parent.parent / "recipes"
# Stop between units once less than this is left: the last unit and the bookkeeping must fit.
INGEST_MARGIN_SECONDS = 90.0
# The budget of a run started without Lambda's context (a direct call): Lambda's own maximum.
INGEST_BUDGET_WITHOUT_CONTEXT_SECONDS = 15 * 60.0


class JobNotAllowed(ValueError):
    pass


def run_scheduled(event, context=None) -> dict:  # pylint: disable=unused-argument
    """Run the management command named in the event's kwargs; return its name and output."""
    kwargs = (event or {}).get("kwargs") or {}
    command = kwargs.get("command")
    if command not in ALLOWED_COMMANDS:
        raise JobNotAllowed(
            f"Scheduled command {command!r} is not allowed; allowed: {sorted(ALLOWED_COMMANDS)}."
        )
    args = [str(arg) for arg in kwargs.get("args", [])]
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    logger.info("scheduled job %s done", command)
    return {"command": command, "output": out.getvalue()}


def warm(event=None, context=None) -> dict:  # pylint: disable=unused-argument
    """The keep-warm that warms (the `warm` entry of `events`, every 5 minutes).

    Zappa's own keep-warm returns before Django loads anything past settings: the first real
    request after it still imported every URL module and view and connected to the database
    (456 ms on a warm container, issue 17). This resolves every route, which imports the views,
    and opens the connection (retiring one past CONN_MAX_AGE first, as a request does), so the
    next request finds both ready."""
    # pylint: disable=import-outside-toplevel
    from django.db import close_old_connections, connection
    from django.urls import get_resolver

    if not connection.in_atomic_block:  # never the caller's transaction (a test, a shell)
        close_old_connections()
    routes = len(get_resolver().reverse_dict)  # populating it imports every URLconf and view
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"routes": routes, "database": connection.vendor}


def run_ingestion(event, context=None) -> dict:
    """Run (or continue) a recipe within the invocation's time budget.

    kwargs: ``{"recipe": "warehouse.yml"}`` (a file in ``recipes/``) or ``{"recipe": {...}}``
    (the recipe inline); ``min_interval_minutes`` (default 0). A source too large for one
    invocation stops between units with its cursor saved; the next scheduled invocation
    continues the same run, so no invocation runs into Lambda's 15-minute limit. With a frequent
    schedule (``rate(15 minutes)``) and ``min_interval_minutes: 1440``, a large source is
    crawled once a day in as many invocations as it needs. Returns the run's id, status, counts.

    This is the edge: the run gets its deadline (from Lambda's context) and its secret resolver
    (Secrets Manager, ``aws.secret_string``) from here, as plain values.
    """
    # pylint: disable=import-outside-toplevel
    from ingestion.recipes import recipe_load, recipe_parse
    from ingestion.runs import RunControl, ingestion_run_due, recipe_run

    kwargs = (event or {}).get("kwargs") or {}
    spec = kwargs.get("recipe")
    if isinstance(spec, dict):
        recipe = recipe_parse(spec)
    else:
        path = (RECIPES_DIR / str(spec or "")).resolve()
        if not spec or RECIPES_DIR.resolve() not in path.parents:
            raise JobNotAllowed(f"Recipe {spec!r} is not a file under {RECIPES_DIR}.")
        recipe = recipe_load(path)
    started = monotonic()
    budget = seconds_left(context)
    # 90 s, or less in a function with a short timeout (the base stage's is 30 s).
    if "margin_seconds" in kwargs:
        margin = float(kwargs["margin_seconds"])
    else:
        margin = min(INGEST_MARGIN_SECONDS, budget * 0.3)
    if ingestion_run_due(recipe.name, float(kwargs.get("min_interval_minutes", 0))) is False:
        return {"recipe": recipe.name, "run": None, "status": "not due"}
    run = recipe_run(
        recipe=recipe,
        control=RunControl(deadline=started + budget, margin=margin, clock=monotonic, resume=True),
        secrets=secret_string,
    )
    logger.info("ingestion %s run %s: %s", recipe.name, run.id, run.status)
    return {
        "recipe": recipe.name,
        "run": run.id,
        "status": run.status,
        "cursor": run.cursor,
        **{key: getattr(run, key) for key in ("created", "updated", "unchanged", "failed")},
        "removed": run.removed,
    }


def seconds_left(context) -> float:
    """Seconds left in this Lambda invocation, from its context; 15 minutes without one."""
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        return context.get_remaining_time_in_millis() / 1000
    return INGEST_BUDGET_WITHOUT_CONTEXT_SECONDS
