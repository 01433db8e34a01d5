from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # pylint: disable=import-outside-toplevel
        from catalog.signals import datasets_changed
        from search.indexing import on_datasets_changed

        datasets_changed.connect(on_datasets_changed, dispatch_uid="search-relay-kick")
