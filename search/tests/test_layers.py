"""The search backends take documents in and give hits out: they read the index, never the
catalog's or accounts' models (``search/documents.py`` builds the documents from those), and
what differs between databases lives in the database backend's dialects, picked in one place."""

import ast
from pathlib import Path

BACKENDS = Path(__file__).resolve().parents[1] / "backends"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(BACKENDS.rglob("*.py"))]


def test_search_backends_import_no_catalog_or_accounts_module():
    imported = set()
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add((path.name, node.module))
            elif isinstance(node, ast.Import):
                imported.update((path.name, alias.name) for alias in node.names)
    assert imported
    assert not {
        (name, module)
        for name, module in imported
        if module.split(".")[0] in ("catalog", "accounts")
    }


def test_no_database_vendor_is_compared_outside_the_dialect_choice():
    compared = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                names = [node.left, *node.comparators]
                if any(isinstance(n, ast.Attribute) and n.attr == "vendor" for n in names):
                    compared.append(f"{path.name}:{node.lineno}")
    assert not compared
