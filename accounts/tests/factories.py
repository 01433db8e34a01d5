import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Group, Role, ServiceToken, User
from accounts.services import SERVICE_TOKEN_PREFIX, service_token_digest

PASSWORD = "s3cret-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    role = Role.READER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):  # pylint: disable=unused-argument
        if create:
            self.save()


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"team-{n}")
    display_name = factory.LazyAttribute(lambda g: g.name.title())


class ServiceTokenFactory(factory.django.DjangoModelFactory):
    """A service token; its secret is on the instance as ``secret`` (never stored)."""

    class Meta:
        model = ServiceToken

    secret = factory.LazyFunction(lambda: SERVICE_TOKEN_PREFIX + secrets.token_urlsafe(32))
    name = factory.Sequence(lambda n: f"pipeline-{n}")
    owner = factory.SubFactory(UserFactory, role=Role.INGESTION)
    prefix = factory.LazyAttribute(lambda t: t.secret[:16])
    digest = factory.LazyAttribute(lambda t: service_token_digest(t.secret))
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda t: t.created_at + timedelta(days=30))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        secret = kwargs.pop("secret")
        token = super()._create(model_class, *args, **kwargs)
        token.secret = secret
        return token
