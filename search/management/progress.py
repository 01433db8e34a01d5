"""What the search commands share: a progress callback that also clears Django's query log."""

from typing import Callable

from django.db import reset_queries


def batch_progress(update: Callable[[int], object]) -> Callable[[int], None]:
    """``update`` (a progress bar's), clearing Django's query log after each batch: a command
    has no request to clear it, and with DEBUG on (the local settings) it keeps the last 9,000
    statements, a batch's with its 2,000 ids each."""

    def progress(count: int) -> None:
        reset_queries()
        update(count)

    return progress
