"""Scheduled jobs: the entry point Zappa's `events` call on a schedule.

Zappa's handler passes the CloudWatch event, carrying the `kwargs` of the `events` entry in
zappa_settings.json, e.g. {"command": "clearsessions"}. Only allow-listed management commands
run: the schedule lives in configuration, and configuration must not be able to run arbitrary
commands (`flush`, `loaddata`…) inside the production Lambda.
"""

import logging
from io import StringIO

from django.core.management import call_command

logger = logging.getLogger(__name__)

# Ingestion adds its command here when it lands.
ALLOWED_COMMANDS = frozenset({"clearsessions", "flushexpiredtokens", "search_relay"})


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
