"""Python's memory around big requests."""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _GcPause:  # pylint: disable=too-few-public-methods
    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a batch is processed.

    A batch allocates ~1M small objects (request JSON, field rows, snapshots) that reference
    counting frees; the collector only rescans them, again and again as the young generations
    fill up, and that measured half the CPU time of a bulk request. Whatever a batch leaves in
    cycles is collected after it. Nested and concurrent pauses share one counter: the collector
    comes back when the last one ends, and only if it was on before the first."""
    with _GcPause.lock:
        if _GcPause.depth == 0:
            _GcPause.was_enabled = gc.isenabled()
            gc.disable()
        _GcPause.depth += 1
    try:
        yield
    finally:
        with _GcPause.lock:
            _GcPause.depth -= 1
            if _GcPause.depth == 0 and _GcPause.was_enabled:
                gc.enable()
