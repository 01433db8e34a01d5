"""People and groups. A user's role decides what they may change; ownership of a dataset
(see catalog) lets a reader edit that dataset too. A service account (the ingestion role) is not
a person: it never edits by hand, whatever else it is (superuser, owner, group member)."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    READER = "reader", "Reader"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"
    # A service account for pipelines: may ingest, may not edit by hand.
    INGESTION = "ingestion", "Ingestion service"


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.READER)
    display_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    # Carried in every JWT issued to the user (accounts.tokens); bumping it signs the user out
    # everywhere: access tokens with an older value are refused at once, not when they expire.
    session_version = models.PositiveIntegerField(default=0)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def urn(self) -> str:
        return f"urn:li:corpuser:{self.username}"

    @property
    def is_service_account(self) -> bool:
        """Ingests, never edits by hand: a pipeline's credential that leaks or misbehaves
        cannot rewrite what people wrote, nor grant itself that right by naming itself owner."""
        return self.role == Role.INGESTION

    @property
    def can_edit_any(self) -> bool:
        if self.is_service_account:
            return False
        return self.is_superuser or self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def can_ingest(self) -> bool:
        return self.is_superuser or self.role in (Role.INGESTION, Role.ADMIN)

    @property
    def is_mdt_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class Group(models.Model):
    """A team that can own datasets (DataHub's corpGroup)."""

    name = models.SlugField(max_length=150, unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> str:
        return f"urn:li:corpGroup:{self.name}"


class ServiceTokenStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class ServiceToken(models.Model):
    """A long-lived bearer token for pipelines and CI (DataHub's personal access token).

    A JWT access token lives minutes, too short for a long ``datahub ingest`` run. A service
    token lives until it expires or is revoked and acts as its owner, with the owner's role.
    Only the SHA-256 digest of the secret is stored: the secret is shown once, at creation, and
    a leaked table does not leak usable tokens. The secret has 256 random bits, so a plain
    digest (no salt, no slow hash) is enough and lets authentication find the row with one
    indexed lookup. ``prefix`` (the first characters of the secret) identifies a token in lists
    and logs without revealing it.
    """

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="service_tokens")
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status_at(self, now) -> str:
        if self.revoked_at is not None:
            return ServiceTokenStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= now:
            return ServiceTokenStatus.EXPIRED
        return ServiceTokenStatus.ACTIVE


class RateCount(models.Model):
    """How many requests one caller made in one fixed window of one limit (``accounts.rates``).

    In the database so that every Lambda instance counts against the same limit: a counter in
    process memory would give each concurrent instance its own allowance, and a new instance a
    fresh one. ``bucket`` is ``<scope>:<who>:<window number>``; rows past ``expires_at`` are
    dead and pruned as new windows open."""

    bucket = models.CharField(max_length=255, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits}"
