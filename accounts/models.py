"""People and groups. A user's role decides what they may change; ownership of a dataset
(see catalog) lets a reader edit that dataset too."""

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

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def urn(self) -> str:
        return f"urn:li:corpuser:{self.username}"

    @property
    def can_edit_any(self) -> bool:
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
