"""What differs between databases lives in the database backend's dialects, picked in one place.
(That the backends read the index, never the catalog's or accounts' models, is an import contract
in pyproject.toml, checked by ``lint-imports``.)"""

import ast
from pathlib import Path

BACKENDS = Path(__file__).resolve().parents[1] / "backends"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(BACKENDS.rglob("*.py"))]


def test_no_database_vendor_is_compared_outside_the_dialect_choice():
    compared = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                names = [node.left, *node.comparators]
                if any(isinstance(n, ast.Attribute) and n.attr == "vendor" for n in names):
                    compared.append(f"{path.name}:{node.lineno}")
    assert not compared
