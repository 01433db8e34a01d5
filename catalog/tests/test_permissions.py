"""Who may edit a dataset by hand, role by role and endpoint by endpoint, through the real
authentication classes (a JWT access token and a ``mdt_pat_`` service token)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

from collections.abc import Callable
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role, User
from accounts.tests.factories import GroupFactory, ServiceTokenFactory, UserFactory
from catalog.models import Dataset, DatasetStatus, Source
from catalog.tests.factories import DomainFactory, GlossaryTermFactory, TagFactory, make_urn

pytestmark = pytest.mark.django_db

URN = make_urn("db.bot_owned")


def _path(aspect: str = "") -> str:
    return f"/api/v1/datasets/{quote(URN, safe='')}/" + (f"{aspect}/" if aspect else "")


# Every call that edits the catalog by hand, with a body that an editor's call would apply.
HAND_EDITS = [
    ("patch", _path(), {"docs": "by hand"}),
    ("patch", _path(), {"tags": ["pii"]}),
    ("patch", _path(), {"glossary_terms": ["Finance.Revenue"]}),
    ("patch", _path(), {"domain": "finance"}),
    ("patch", _path(), {"status": "deprecated", "deprecation_note": "use v2"}),
    ("patch", _path("schema"), {"edits": [{"field_path": "col_0", "description": "by hand"}]}),
    ("patch", _path("schema"), {"edits": [{"field_path": "col_0", "tags": ["pii"]}]}),
    ("put", _path("owners"), {"owners": [{"owner": "urn:li:corpuser:ingest-bot"}]}),
    ("delete", _path(), None),
    ("post", "/api/v1/datasets/", {"urn": make_urn("db.by_hand")}),
    ("post", "/api/v1/tags/", {"name": "by-hand"}),
    ("post", "/api/v1/glossary-terms/", {"name": "By.Hand"}),
    ("post", "/api/v1/domains/", {"name": "by-hand"}),
]
HAND_EDIT_IDS = [
    "docs",
    "tags",
    "terms",
    "domain",
    "deprecation",
    "field-description",
    "field-tags",
    "owners",
    "removal",
    "register",
    "new-tag",
    "new-term",
    "new-domain",
]


def _jwt(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


def _service_token(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {ServiceTokenFactory(owner=user).secret}")
    return client


CREDENTIALS = pytest.mark.parametrize("login", [_jwt, _service_token], ids=["jwt", "service"])


def _call(client: APIClient, method: str, path: str, body):
    return getattr(client, method)(path, body, format="json")


@pytest.fixture
def vocabulary():
    TagFactory(name="pii")
    GlossaryTermFactory(name="Finance.Revenue")
    DomainFactory(name="finance")


@pytest.fixture
def bot() -> User:
    return UserFactory(username="ingest-bot", role=Role.INGESTION)


def _ingest(client: APIClient, *owners: str) -> None:
    """Ingest the dataset as a pipeline does, naming ``owners``."""
    item = {
        "urn": URN,
        "schema": [{"field_path": "col_0", "type": "string"}],
        "owners": [{"owner": owner, "type": "TECHNICAL_OWNER"} for owner in owners],
    }
    response = client.post("/api/v1/ingest/", {"datasets": [item]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["failed"] == 0, response.json()


def _untouched() -> None:
    dataset = Dataset.objects.get(urn=URN)
    assert (dataset.docs, dataset.status, dataset.domain_id) == ("", DatasetStatus.ACTIVE, None)
    assert not dataset.tag_links.exists() and not dataset.term_links.exists()
    assert not dataset.ownerships.filter(source=Source.EDITABLE).exists()
    assert dataset.fields.get().editable_description == ""
    assert not Dataset.objects.filter(urn=make_urn("db.by_hand")).exists()


@pytest.mark.usefixtures("vocabulary")
@CREDENTIALS
@pytest.mark.parametrize(("method", "path", "body"), HAND_EDITS, ids=HAND_EDIT_IDS)
def test_an_ingestion_account_that_named_itself_owner_never_edits_by_hand(
    bot, login: Callable[[User], APIClient], method, path, body
):
    client = login(bot)
    _ingest(client, "urn:li:corpuser:ingest-bot")
    assert Dataset.objects.get(urn=URN).ownerships.get().user == bot
    response = _call(client, method, path, body)
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    _untouched()


@CREDENTIALS
def test_an_ingestion_account_in_an_owning_group_never_edits_by_hand(
    bot, login: Callable[[User], APIClient]
):
    GroupFactory(name="pipelines").members.add(bot)
    client = login(bot)
    _ingest(client, "urn:li:corpGroup:pipelines")
    assert _call(client, "patch", _path(), {"docs": "by hand"}).status_code == 403
    _untouched()


@CREDENTIALS
def test_even_a_superuser_with_the_ingestion_role_never_edits_by_hand(
    login: Callable[[User], APIClient],
):
    bot = UserFactory(username="ingest-bot", role=Role.INGESTION, is_superuser=True)
    client = login(bot)
    _ingest(client, "urn:li:corpuser:ingest-bot")
    assert _call(client, "patch", _path(), {"docs": "by hand"}).status_code == 403
    assert _call(client, "delete", _path(), None).status_code == 403
    _untouched()


@pytest.mark.parametrize(
    ("role", "owner", "status"),
    [
        # A person named owner by ingestion may edit that dataset, whatever their role.
        (Role.READER, "urn:li:corpuser:someone", 200),
        (Role.READER, "urn:li:corpGroup:team", 200),
        # A reader nobody named owner may not.
        (Role.READER, None, 403),
        # Editors and admins edit every dataset, owners or not.
        (Role.EDITOR, None, 200),
        (Role.ADMIN, None, 200),
    ],
    ids=["reader-owner", "reader-in-owning-group", "reader", "editor", "admin"],
)
@pytest.mark.usefixtures("vocabulary")
@CREDENTIALS
@pytest.mark.parametrize(("method", "path", "body"), HAND_EDITS[:9], ids=HAND_EDIT_IDS[:9])
def test_people_edit_by_hand_as_their_role_and_ownership_allow(
    bot, login, role, owner, status, method, path, body
):  # pylint: disable=too-many-arguments,too-many-positional-arguments
    person = UserFactory(username="someone", role=role)
    GroupFactory(name="team").members.add(person)
    _ingest(_jwt(bot), *([owner] if owner else []))
    response = _call(login(person), method, path, body)
    expected = 204 if (status == 200 and method == "delete") else status
    assert response.status_code == expected, response.content
    if expected == 403:
        _untouched()


@pytest.mark.usefixtures("vocabulary")
def test_a_reader_gets_403_on_every_hand_edit_of_a_dataset_nobody_named_them_owner_of(reader):
    _ingest(_jwt(UserFactory(username="ingest-bot", role=Role.INGESTION)))
    client = _service_token(reader)
    for method, path, body in HAND_EDITS:
        assert _call(client, method, path, body).status_code == 403, (method, path)
    _untouched()


@CREDENTIALS
def test_me_says_an_ingestion_account_edits_nothing(login: Callable[[User], APIClient]):
    superbot = UserFactory(username="superbot", role=Role.INGESTION, is_superuser=True)
    for user, can_edit_any in [
        (UserFactory(username="bot", role=Role.INGESTION), False),
        (superbot, False),
        (UserFactory(username="ed", role=Role.EDITOR), True),
    ]:
        assert login(user).get("/api/v1/auth/me/").json()["can_edit_any"] is can_edit_any
