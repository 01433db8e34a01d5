"""`python manage.py create_service_token --user ingest-bot --name datahub --expires 90d`:
a service token for CI and bootstrap, before anyone can log in to make one through the API.

Only the secret goes to stdout (``TOKEN=$(python manage.py create_service_token …)``); what was
made goes to stderr. The secret cannot be shown again.
"""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from accounts.services import (
    DEFAULT_SERVICE_TOKEN_DURATION,
    SERVICE_TOKEN_DURATIONS,
    service_token_create,
)
from core.errors import ApplicationError


def _datetime_arg(value: str):
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--expires-at {value!r} is not a date or ISO 8601 date-time.")
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


class Command(BaseCommand):
    help = "Create a long-lived service token for a user and print its secret (once)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username the token acts as")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. datahub")
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--expires",
            choices=list(SERVICE_TOKEN_DURATIONS),
            help=f"lifetime (default {DEFAULT_SERVICE_TOKEN_DURATION})",
        )
        when.add_argument("--expires-at", help="explicit expiry, e.g. 2027-01-31 (UTC)")

    def handle(self, *args, **options):
        try:
            owner = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {options['user']!r}.") from exc
        expires_at = _datetime_arg(options["expires_at"]) if options["expires_at"] else None
        try:
            issued = service_token_create(
                owner=owner,
                name=options["name"],
                expires_in=options["expires"],
                expires_at=expires_at,
                actor=None,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        token = issued.token
        expiry = token.expires_at.isoformat() if token.expires_at else "never"
        self.stderr.write(
            f"Service token {token.name!r} (id {token.id}, {token.prefix}…) for {owner.username} "
            f"(role {owner.role}), expires {expiry}. The secret is shown only now:"
        )
        self.stdout.write(issued.secret)
