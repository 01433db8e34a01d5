"""Factories build datasets through the real services, so tests see what the API would write."""

import factory

from catalog import services
from catalog.models import DataPlatform, Domain, GlossaryTerm, Tag
from catalog.services import FieldSpec, OwnerSpec, UpstreamSpec
from catalog.urns import DatasetUrn

INGESTION = "urn:li:corpuser:datahub-ingestion"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"domain-{n}")
    display_name = factory.LazyAttribute(lambda d: d.name.title())


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag{n}")


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Glossary.Term{n}")


def make_urn(name: str, platform: str = "hive", origin: str = "PROD") -> str:
    return str(DatasetUrn(platform=platform, name=name, origin=origin))


def make_dataset(
    name: str = "db.table",
    *,
    platform: str = "hive",
    origin: str = "PROD",
    fields: int = 3,
    owners: tuple[str, ...] = (),
    upstreams: tuple[str, ...] = (),
    **aspects,
):
    """Upsert a dataset as ingestion would; returns the Dataset."""
    assert DataPlatform.objects.filter(name=platform).exists()
    aspects.setdefault(
        "schema",
        [
            FieldSpec(
                field_path=f"col_{i}", type="string", native_type="string", description=f"c{i}"
            )
            for i in range(fields)
        ],
    )
    result = services.dataset_upsert(
        urn=make_urn(name, platform, origin),
        actor=INGESTION,
        owners=[OwnerSpec(owner=owner) for owner in owners],
        upstreams=[UpstreamSpec(urn=urn, actor="urn:li:dataJob:etl") for urn in upstreams],
        **aspects,
    )
    return result.dataset
