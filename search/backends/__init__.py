"""The search backend is chosen by a dotted path (settings.SEARCH_BACKEND), as Amundsen's
search service does: the database backend by default, OpenSearch in production."""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend


def new_backend() -> SearchBackend:
    """A backend instance of its own (a rebuild keeps its target index to itself)."""
    backend_class = import_string(settings.SEARCH_BACKEND)
    return backend_class(**getattr(settings, "SEARCH_BACKEND_OPTIONS", {}))


@lru_cache(maxsize=1)
def get_backend() -> SearchBackend:
    """The process-wide backend (one client, one connection pool)."""
    return new_backend()


def reset_backend() -> None:
    """Forget the cached backend (tests switch backends)."""
    get_backend.cache_clear()
