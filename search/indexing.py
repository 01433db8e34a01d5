"""Where the index update of a committed write runs.

A write people make in the UI or the API is indexed in its own request, so the next search
shows it. A bulk ingestion batch may instead be indexed after its response, as DataHub's
MCL consumer indexes what GMS has already committed: the writer gets its answer as soon as
the catalog holds the batch, and search follows moments later. ``SEARCH_BULK_INDEXING``
chooses, for bulk batches only:

* ``inline``: in the request, like every other write (the tests' default);
* ``background``: on one indexing thread of the process (the local server's default). Batches
  that queue up while it works are merged into one delivery. A failed delivery (search down)
  is retried by a sweep of everything pending, every ``SEARCH_RETRY_SECONDS``, until it passes
  (the thread's first run sweeps too, for what an earlier process left); the process drains
  the queue before it exits;
* ``dispatch``: handed to ``SEARCH_INDEX_DISPATCHER``, a dotted path to a callable
  ``(task, dataset_ids) -> bool`` that runs ``index_task`` somewhere else (production's default:
  ``metadata_discovery.lambda_tasks.dispatch``, an asynchronous invocation of the same Lambda
  function through Zappa's task routing; Lambda retries a failed one twice). The dispatcher is
  infrastructure, so the project's edge provides it and this app never imports boto3 or Zappa.
  When it sends nothing (off Lambda, or the call failed) the batch is indexed in the request.

Whatever the mode, nothing is lost: a dataset's version is committed with the write, and the
relay's sweep (``search_relay``) delivers every version the index does not have yet.
Delivery is idempotent, so a batch indexed twice is harmless.
"""

import atexit
import logging
import threading
import time
from typing import Iterable

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from search.relay import index_datasets, relay_pending

logger = logging.getLogger(__name__)

INLINE, BACKGROUND, DISPATCH = "inline", "background", "dispatch"
MODES = (INLINE, BACKGROUND, DISPATCH)


def bulk_mode() -> str:
    mode = settings.SEARCH_BULK_INDEXING
    if mode not in MODES:
        raise ValueError(f"SEARCH_BULK_INDEXING must be one of {MODES}, not {mode!r}.")
    return mode


def index_now(dataset_ids: Iterable[int]) -> None:
    """Index these datasets in the caller; a failure is logged and left to the sweep."""
    ids = list(dataset_ids)
    try:
        index_datasets(ids)
    except Exception:  # pylint: disable=broad-exception-caught
        # A search outage must never fail or slow down a catalog write.
        logger.warning("search index update deferred for datasets %s", ids, exc_info=True)


def on_datasets_changed(sender, dataset_ids: list[int], bulk: bool = False, **kwargs) -> None:
    """Receiver of ``catalog.signals.datasets_changed``, sent after a write commits."""
    del sender, kwargs
    index_committed(dataset_ids, bulk=bulk)


def index_committed(dataset_ids: list[int], *, bulk: bool = False) -> None:
    """Index datasets whose write has just committed, where ``SEARCH_BULK_INDEXING`` says for a
    bulk batch, in the caller otherwise."""
    mode = bulk_mode() if bulk else INLINE
    if mode == BACKGROUND:
        background_indexer().submit(dataset_ids)
    elif mode == DISPATCH and dispatch(dataset_ids):
        return
    else:
        index_now(dataset_ids)


# --- dispatched elsewhere (on Lambda: an asynchronous invocation) -----------------------------


def index_task(dataset_ids: list[int]) -> int:
    """The entry point of the asynchronous invocation (Zappa routes its event here). Zappa
    sends no request signals for such events, so stale connections are retired here (never one
    inside a transaction: the caller's, when it runs in a test or a shell)."""
    if not connection.in_atomic_block:
        close_old_connections()
    return _index_in_chunks(dataset_ids)


def _index_in_chunks(dataset_ids: list[int]) -> int:
    """Index in deliveries of at most 1,000 documents, the size of the largest ingest batch."""
    return sum(
        index_datasets(dataset_ids[start : start + 1000])
        for start in range(0, len(dataset_ids), 1000)
    )


def dispatch(dataset_ids: list[int]) -> bool:
    """Hand ``index_task`` and the ids to ``SEARCH_INDEX_DISPATCHER``. False when none is set or
    it sent nothing (or failed): the caller then indexes in the request."""
    path = settings.SEARCH_INDEX_DISPATCHER
    if not path:
        return False
    try:
        return bool(import_string(path)(index_task, sorted(set(dataset_ids))))
    except Exception:  # pylint: disable=broad-exception-caught
        logger.warning("search indexing not dispatched; indexing in the request", exc_info=True)
        return False


# --- one background thread per process -----------------------------------------------------


class BackgroundIndexer:
    """One daemon thread that indexes what ``submit`` hands it, merging whatever queued up
    meanwhile into one delivery. ``flush`` waits until everything submitted is delivered or
    has failed (and is then left to the retry sweep)."""

    def __init__(self, *, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self._pending: set[int] = set()
        self._busy = False
        # The first run also sweeps whatever an earlier process left undelivered.
        self._sweep_at: float | None = time.monotonic()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, dataset_ids: Iterable[int]) -> None:
        with self._cond:
            self._pending.update(dataset_ids)
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._run, name="mdt-search-indexer", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until nothing submitted is waiting or being delivered. False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
        return True

    @property
    def sweep_due(self) -> bool:
        """A sweep of everything pending is scheduled: after a failed delivery, and once when
        the indexer starts."""
        with self._cond:
            return self._sweep_at is not None

    def stop(self, timeout: float | None = None) -> None:
        """Deliver what is queued, then end the thread (a later ``submit`` starts a new one)."""
        self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _next(self) -> tuple[list[int], bool] | None:
        """Wait for work: ids to deliver, or the time of a sweep. None: stop."""
        with self._cond:
            while True:
                if self._pending:
                    ids = sorted(self._pending)
                    self._pending.clear()
                    self._busy = True
                    return ids, False
                if self._stopping:
                    return None
                if self._sweep_at is not None and time.monotonic() >= self._sweep_at:
                    self._sweep_at = None
                    self._busy = True
                    return [], True
                wait = None if self._sweep_at is None else self._sweep_at - time.monotonic()
                self._cond.wait(wait)

    def _run(self) -> None:
        try:
            while (work := self._next()) is not None:
                ids, sweep = work
                failed = True
                try:
                    failed = self._deliver(ids, sweep)
                finally:
                    with self._cond:
                        self._busy = False
                        if failed:
                            self._sweep_at = time.monotonic() + self.retry_seconds
                        self._cond.notify_all()
        finally:
            connection.close()  # this thread's own database connection

    @staticmethod
    def _deliver(ids: list[int], sweep: bool) -> bool:
        """Index ``ids`` (or sweep everything pending); True when the search backend failed."""
        close_old_connections()  # a connection the database dropped since the last delivery
        try:
            if sweep:
                return bool(relay_pending().error)
            _index_in_chunks(ids)
        except Exception:  # pylint: disable=broad-exception-caught
            logger.warning(
                "background search indexing failed for %d datasets; a sweep will retry",
                len(ids),
                exc_info=True,
            )
            return True
        return False


class _Process:  # pylint: disable=too-few-public-methods
    lock = threading.Lock()
    indexer: BackgroundIndexer | None = None


def background_indexer() -> BackgroundIndexer:
    """The process's indexer, created on first use; drained when the process exits."""
    with _Process.lock:
        if _Process.indexer is None:
            _Process.indexer = BackgroundIndexer(retry_seconds=settings.SEARCH_RETRY_SECONDS)
            atexit.register(_Process.indexer.flush, 120.0)
        return _Process.indexer
