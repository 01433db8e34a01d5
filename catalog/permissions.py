"""Who may do what. Reads are open to every authenticated user; hand edits follow roles and
dataset ownership (``catalog.selectors.dataset_can_edit``); ingestion follows ``CanIngest``. The
ingestion role ingests and never edits by hand: these classes hold the same rule for a JWT and
for a service token, which acts as its owner with the owner's role."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from catalog.selectors import dataset_can_edit


class CanEditCatalog(BasePermission):
    """Reads for every authenticated user; catalog-wide writes (registering a dataset, creating
    tags, glossary terms and domains) for editors and admins, never for the ingestion role
    (``User.can_edit_any``)."""

    message = "Only editors and admins may change the catalog."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.can_edit_any


class CanEditDataset(BasePermission):
    """Reads of a dataset for every authenticated user; hand edits (PATCH of the dataset or its
    schema, PUT of its owners, DELETE) as ``dataset_can_edit`` says: editors, admins and the
    dataset's owners who are people (named directly or through a group, by ingestion or in
    MDT); never the ingestion role, even where ingestion named it owner."""

    message = (
        "Only editors, admins and the dataset's owners may change it; "
        "ingestion service accounts never edit by hand."
    )

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return dataset_can_edit(user=request.user, dataset=obj)


class CanIngest(BasePermission):
    """Ingestion endpoints: ingestion service accounts and admins."""

    message = "Only ingestion service accounts and admins may ingest metadata."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.can_ingest)
