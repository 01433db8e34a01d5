"""Signals the catalog sends and decides nothing with. ``datasets_changed`` fires after the
transaction that changed the datasets commits; the search app listens to index them."""

from django.dispatch import Signal

datasets_changed = Signal()  # kwargs: dataset_ids: list[int]
