"""Rate limits counted in the database, shared by every Lambda instance (``RateCount``).

A limit is a number of requests in a fixed window (``Rate``). ``rate_hit`` counts one request
with one statement (an upsert that returns the new count) and says how long to wait when the
count is over the limit; ``rate_wait`` only reads. Fixed windows let a caller make up to twice
the limit across a window boundary; for login and write limits that is harmless, and it keeps
the cost at one indexed row per caller and window.

The limits (``MDT_RATE_LIMITS``, see settings and README "Rate limits"):

* ``login``: attempts per client address, failed or not (guessing from one address);
* ``login_failures``: failed attempts per username from any address. It only counts failures
  and only until its window ends, so a stranger can hold an account's logins back for at most
  one window (5 minutes) at a time, and ``manage.py rates_reset <username>`` lifts it at once;
* ``refresh``: token refreshes per client address;
* ``write``: POST/PUT/PATCH/DELETE per account, bulk ingestion batches included.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone

from django.db.models import Q

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import RateCount

# One new window in this many prunes the rows whose windows have ended.
PRUNE_ONE_IN = 100


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def rate_for(scope: str) -> Rate:
    """The limit ``settings.MDT_RATE_LIMITS[scope]`` names: ``"<requests>/<seconds>"``."""
    limit, seconds = settings.MDT_RATE_LIMITS[scope].split("/")
    return Rate(limit=int(limit), seconds=int(seconds))


def _bucket(scope: str, who: str, rate: Rate, now: float) -> tuple[str, float]:
    window = int(now // rate.seconds)
    return f"{scope}:{who}:{window}"[:255], (window + 1) * rate.seconds


def rate_hit(scope: str, who: str) -> float | None:
    """Count one request of ``who`` against ``scope``'s limit. Returns None while within the
    limit, else the seconds until the window ends (the request that went over is counted)."""
    rate = rate_for(scope)
    now = timezone.now().timestamp()
    bucket, ends = _bucket(scope, who, rate, now)
    expires = datetime.fromtimestamp(ends, tz=dt_timezone.utc)
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, hits, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (bucket) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [bucket, expires],
        )
        (hits,) = cursor.fetchone()
    if hits == 1 and random.randrange(PRUNE_ONE_IN) == 0:
        RateCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return None if hits <= rate.limit else max(ends - now, 1.0)


def rate_wait(scope: str, who: str) -> float | None:
    """Like ``rate_hit`` without counting: None while ``who`` is within the limit."""
    rate = rate_for(scope)
    now = timezone.now().timestamp()
    bucket, ends = _bucket(scope, who, rate, now)
    hits = RateCount.objects.filter(bucket=bucket).values_list("hits", flat=True).first() or 0
    return None if hits < rate.limit else max(ends - now, 1.0)


def rates_reset(who: str) -> int:
    """Forget every count of ``who`` (a username or an address), in every scope. Returns how
    many windows were dropped."""
    match = Q()
    for scope in settings.MDT_RATE_LIMITS:
        match |= Q(bucket__startswith=f"{scope}:{who}:")
    deleted, _ = RateCount.objects.filter(match).delete()
    return deleted
