"""Kept only for ``catalog/serializers.py``, which is being rewritten on another branch and may
not be edited here: the module is ``catalog/completeness.py`` (``metadata_discovery/health.py``
is ``/healthz``). Delete this file once that import reads ``catalog.completeness``."""

from catalog.completeness import Health, dataset_health

__all__ = ["Health", "dataset_health"]
