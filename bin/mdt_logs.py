"""`bin/mdt logs STAGE`: the function's CloudWatch log, REPORT lines included.

`zappa tail` drops Lambda's START/END/REPORT lines, and REPORT is where Lambda writes each
invocation's Duration, Billed Duration, Max Memory Used and, on a cold start, Init Duration
(issue 17). This reads the log group `/aws/lambda/<project>-<stage>` with FilterLogEvents and
prints every line:

    bin/mdt logs prod                       # the last 10 minutes
    bin/mdt logs prod --since 60 --follow   # the last hour, then new lines as they come
    bin/mdt logs prod --reports             # one line per invocation: its REPORT figures
    bin/mdt logs prod --filter '"Init Duration"'   # CloudWatch's filter pattern syntax

It runs where the deployer's AWS credentials are (a laptop, CodeBuild), never in the function.
"""

import argparse
import json
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = re.compile(r"^REPORT RequestId: (?P<id>\S+)\s+(?P<rest>.*)$")
FIELD = re.compile(
    r"(Init Duration|Duration|Billed Duration|Max Memory Used|Memory Size): ([\d.]+)"
)


def log_group(stage: str) -> str:
    """Lambda's group for the stage's function, named as Zappa names it: python-slugify of
    "<project>-<stage>" (so the stage prod_migrate is the function mdt-prod-migrate)."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    project = settings[stage].get("project_name") or settings["base"]["project_name"]
    function = re.sub(r"[^a-z0-9]+", "-", f"{project}-{stage}".lower()).strip("-")
    return f"/aws/lambda/{function}"


def events(client, group: str, start_ms: int, pattern: str = ""):
    """Every event of ``group`` since ``start_ms``, oldest first, across pages."""
    kwargs = {"logGroupName": group, "startTime": start_ms, "interleaved": True}
    if pattern:
        kwargs["filterPattern"] = pattern
    while True:
        page = client.filter_log_events(**kwargs)
        yield from page.get("events", [])
        if not page.get("nextToken"):
            return
        kwargs["nextToken"] = page["nextToken"]


def report_summary(message: str) -> str | None:
    """A REPORT line as `<request id> init=… duration=… billed=… memory=…/…`, else None."""
    match = REPORT.match(message.strip())
    if not match:
        return None
    fields = dict(FIELD.findall(match.group("rest")))
    init = f"init={fields['Init Duration']}ms " if "Init Duration" in fields else ""
    return (
        f"{match.group('id')} {init}duration={fields.get('Duration')}ms "
        f"billed={fields.get('Billed Duration')}ms "
        f"memory={fields.get('Max Memory Used')}/{fields.get('Memory Size')}MB"
    )


def render(event: dict, reports_only: bool) -> str | None:
    message = event["message"].rstrip("\n")
    if reports_only:
        return report_summary(message)
    stamp = datetime.fromtimestamp(event["timestamp"] / 1000, tz=timezone.utc)
    return f"{stamp:%Y-%m-%d %H:%M:%S} {message}"


def run(argv: list[str], client=None, out=sys.stdout, now=time.time) -> int:
    parser = argparse.ArgumentParser(prog="bin/mdt logs", description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--since", type=float, default=10, help="minutes back (default 10)")
    parser.add_argument("--filter", default="", help="a CloudWatch Logs filter pattern")
    parser.add_argument("--reports", action="store_true", help="only REPORT lines, summarized")
    parser.add_argument("--follow", action="store_true", help="keep printing new lines")
    args = parser.parse_args(argv)
    if client is None:
        import boto3  # pylint: disable=import-outside-toplevel

        client = boto3.client("logs")
    group = log_group(args.stage)
    start = int((now() - args.since * 60) * 1000)
    seen: set[str] = set()
    while True:
        for event in events(client, group, start, args.filter):
            if event["eventId"] in seen:
                continue
            seen.add(event["eventId"])
            start = max(start, event["timestamp"])
            line = render(event, args.reports)
            if line is not None:
                print(line, file=out, flush=True)
        if not args.follow:
            return 0
        time.sleep(2)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
