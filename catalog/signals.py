"""Signals the catalog sends and decides nothing with. ``datasets_changed`` fires after the
transaction that changed the datasets commits; the search app listens to index them."""

from django.dispatch import Signal

# kwargs: dataset_ids: list[int]; bulk: bool (an ingestion batch, which need not be searchable
# the moment its response is sent).
datasets_changed = Signal()
