"""`python manage.py rates_reset WHO…`: forget the rate-limit counts of usernames or client
addresses (``accounts.rates``), e.g. to let an admin in at once whose logins a stranger's
failed attempts hold back."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from accounts.rates import rates_reset


class Command(BaseCommand):
    help = "Forget the rate-limit counts of the given usernames or client addresses."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("who", nargs="+", help="usernames or client addresses")

    def handle(self, *args: Any, **options: Any) -> None:
        for who in options["who"]:
            dropped = rates_reset(who)
            self.stdout.write(f"{who}: {dropped} window(s) forgotten")
