from rest_framework.permissions import SAFE_METHODS, BasePermission

from catalog.selectors import dataset_is_owned_by


class CanEditCatalog(BasePermission):
    """Reads for every authenticated user; writes for editors and admins."""

    message = "Only editors and admins may change the catalog."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.can_edit_any


class CanEditDataset(BasePermission):
    """Writes to a dataset for editors, admins and the dataset's owners (directly or through
    one of their groups)."""

    message = "Only editors, admins and the dataset's owners may change it."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS or request.user.can_edit_any:
            return True
        return dataset_is_owned_by(dataset=obj, user=request.user)


class CanIngest(BasePermission):
    """Ingestion endpoints: ingestion service accounts and admins."""

    message = "Only ingestion service accounts and admins may ingest metadata."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.can_ingest)
