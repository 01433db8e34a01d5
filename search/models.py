"""Search state kept in the database.

``IndexState`` records, per dataset, the version the relay last delivered to the search backend
(whichever it is); a dataset whose catalog version is higher is pending. ``DatasetDocument``,
``FieldName``, ``NameToken`` and ``FacetCount`` are the database backend's own index (on
PostgreSQL a generated tsvector column and trigram indexes are added by migration; on SQLite
FTS5 tables mirror them).
"""

from django.db import models

from catalog.models import Dataset


class IndexState(models.Model):
    dataset = models.OneToOneField(
        Dataset, primary_key=True, on_delete=models.CASCADE, related_name="index_state"
    )
    version = models.PositiveBigIntegerField()
    indexed_at = models.DateTimeField(auto_now=True)


class DatasetDocument(models.Model):
    # No foreign key: the index is a copy that may lag or drift, never a source of truth.
    dataset_id = models.BigIntegerField(primary_key=True)
    urn = models.CharField(max_length=512)
    version = models.PositiveBigIntegerField()
    name = models.CharField(max_length=400)
    name_text = models.TextField()
    name_infix = models.TextField()
    fields_text = models.TextField()
    meta_text = models.TextField()
    body_text = models.TextField()
    description = models.TextField()
    platform = models.CharField(max_length=64)
    origin = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    domain = models.CharField(max_length=100)
    field_paths = models.JSONField(default=list)
    # The distinct field names (``SearchDocument.field_names``), lowercased: a dataset holding
    # one spelled as the whole query ranks with the exact names (GIN-indexed on PostgreSQL by
    # migration 0012).
    field_names = models.JSONField(default=list)
    # The name's last segment (after its last ``.`` or ``/``), lowercased: what autocomplete
    # reads names by, besides the whole name (both indexed by migration 0010).
    leaf = models.CharField(max_length=400, default="")
    # "key:value" pairs (platform:hive, tag:PII, owner:urn:li:corpuser:x…): counted for facets
    # as they are, filtered on in lowercase.
    facets = models.JSONField(default=list)
    facets_folded = models.JSONField(default=list)
    modified_at = models.DateTimeField()

    class Meta:
        indexes = [
            # A page of one platform (origin, domain) in name order, without a search: the
            # name index alone walks past every other platform's names first.
            models.Index(fields=["platform", "status", "name"]),
            models.Index(fields=["origin", "status", "name"]),
            models.Index(fields=["domain", "status", "name"]),
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
            models.Index(fields=["modified_at"]),
        ]


class FieldName(models.Model):
    """Distinct field names (the last segment of each field path) of indexed datasets and how
    many datasets that are not removed have a field of that name: the dictionary type-ahead
    reads, the most used first. Kept in the same transaction as the documents; a name no
    dataset has any more keeps its row with 0 until a rebuild recreates the table."""

    name = models.CharField(max_length=300, unique=True)
    folded = models.CharField(max_length=300, db_index=True)
    datasets = models.BigIntegerField(default=0)


class NameToken(models.Model):
    """Distinct tokens of indexed dataset names: the dictionary a misspelled query term is
    compared with (trigram similarity, GIN-indexed on PostgreSQL by migration 0004), the way a
    search engine's fuzzy query expands a term against its term dictionary. Far fewer rows than
    documents, so a misspelling costs a dictionary lookup instead of a similarity test per
    name. Only ever added to between rebuilds, which recreate it."""

    token = models.CharField(max_length=200, unique=True)


class FacetCount(models.Model):
    """How many indexed datasets that are not removed hold each facet value (``key:value`` as
    in ``DatasetDocument.facets``): the sidebar of the unsearched catalog without a scan of
    every document. The database backend keeps it in the same transaction as the documents it
    writes or deletes; a full rebuild recounts it from the documents. Values no longer held
    keep a row with count 0 until then."""

    pair = models.CharField(max_length=1000, primary_key=True)
    count = models.BigIntegerField()
