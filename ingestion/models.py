"""What ingestion records about itself: its runs, and which recipe reported which dataset.

These models lived in ``catalog`` until the ingestion app was split out. Their tables keep
their ``catalog_`` names (``db_table`` below): migrations moved only Django's idea of which app
owns them (``SeparateDatabaseAndState``), so existing databases keep every row without a copy,
and their content types and permissions were relabelled, not recreated.
"""

from django.db import models


class IngestionRunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    PARTIAL = "partial", "Partial (some items failed or the removal was held back)"


class IngestionRun(models.Model):
    """One run of a recipe. A scheduled run may span several Lambda invocations: ``cursor``
    holds where the next one continues, and the counters add up across invocations."""

    recipe_name = models.CharField(max_length=200)
    source_type = models.CharField(max_length=64)
    status = models.CharField(
        max_length=16, choices=IngestionRunStatus.choices, default=IngestionRunStatus.RUNNING
    )
    dry_run = models.BooleanField(default=False)
    actor = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    # At most MAX_ERRORS entries; ``failed`` keeps the full count.
    errors = models.JSONField(default=list, blank=True)
    # {"after": <last finished work unit>, "invocations": n}; null once the run is finished.
    cursor = models.JSONField(null=True, blank=True)
    # What stateful ingestion decided: {"stale": n, "share": x, "removal": "done"|"skipped: why"};
    # and "schema_breaks": [{"urn", "fields", "readers"}] (at most MAX_ERRORS) when a schema
    # change removed or retyped a field that a column downstream reads.
    summary = models.JSONField(default=dict, blank=True)

    MAX_ERRORS = 100

    class Meta:
        db_table = "catalog_ingestionrun"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["recipe_name", "status"])]

    def __str__(self) -> str:
        return f"{self.recipe_name} #{self.pk} ({self.status})"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


class IngestionSighting(models.Model):
    """That a recipe reported a dataset, and in which run last. One row per (recipe, URN)
    rather than a set on each run: a chunked run adds to it invocation by invocation, and the
    entities a finished run did not see are one indexed query, however large the source."""

    recipe_name = models.CharField(max_length=200)
    urn = models.CharField(max_length=512)
    last_run = models.ForeignKey(
        IngestionRun, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen_at = models.DateTimeField()  # the removal guard compares with the known set
    last_seen_at = models.DateTimeField()
    # Soft-deleted by this recipe's stateful ingestion (so a later sighting restores it).
    removed = models.BooleanField(default=False)

    class Meta:
        db_table = "catalog_ingestionsighting"
        constraints = [models.UniqueConstraint(fields=["recipe_name", "urn"], name="uniq_sighting")]
        indexes = [models.Index(fields=["recipe_name", "removed", "last_run"])]
