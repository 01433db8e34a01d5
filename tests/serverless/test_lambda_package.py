"""The Zappa `zip` callback that adds bytecode for the package's source modules: Python, run
from the unpacked zip as Lambda runs it, must import them without compiling anything, and must
not use a .pyc whose source has changed since."""

import subprocess
import sys
import zipfile
from types import SimpleNamespace

from metadata_discovery.lambda_package import add_bytecode
from tests.serverless.conftest import ROOT

RUNTIME = f"python{sys.version_info.major}.{sys.version_info.minor}"
CACHE = f"__pycache__/{{}}.{sys.implementation.cache_tag}.pyc"

# Imports pkg.mod with source compilation forbidden unless argv[1] is "allow"; prints its VALUE.
IMPORT_WITHOUT_COMPILING = """
import importlib.machinery, sys
def refuse(self, data, path, *args, **kwargs):
    raise SystemExit(f"compiled {path}")
if sys.argv[1] != "allow":
    importlib.machinery.SourceFileLoader.source_to_code = refuse
import pkg.mod
print(pkg.mod.VALUE)
"""


def _zip(path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name), text)  # 1980 timestamps, as Lambda sees them


def _import(directory, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-B", "-c", IMPORT_WITHOUT_COMPILING, mode],
        cwd=directory,
        env={"PYTHONPATH": str(directory), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_add_bytecode_lets_the_unpacked_package_import_without_compiling(tmp_path):
    package = tmp_path / "lambda.zip"
    _zip(
        package,
        {
            "handler.py": "HANDLER = 1\n",
            "pkg/__init__.py": "",
            "pkg/mod.py": "VALUE = 'from bytecode'\n",
            "pkg/migrations/0001_initial.py": "OPERATIONS = []\n",
            "django/db/migrations/state.py": "STATE = 1\n",
            "dep/__init__.pyc": "",  # a dependency shipped as legacy bytecode: nothing to add
        },
    )

    added = add_bytecode(SimpleNamespace(zip_path=str(package), stage_config={"runtime": RUNTIME}))

    assert sorted(added) == sorted(
        [
            CACHE.format("handler"),
            "pkg/" + CACHE.format("__init__"),
            "pkg/" + CACHE.format("mod"),
            "django/db/migrations/" + CACHE.format("state"),
        ]
    )
    unpacked = tmp_path / "task"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
        assert archive.testzip() is None
    result = _import(unpacked, "refuse")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from bytecode"

    # The .pyc is checked against its source: an edited source is compiled, never shadowed.
    (unpacked / "pkg" / "mod.py").write_text("VALUE = 'edited'\n")
    assert "compiled" in _import(unpacked, "refuse").stderr
    assert _import(unpacked, "allow").stdout.strip() == "edited"


def test_add_bytecode_skips_a_package_for_another_python(tmp_path):
    package = tmp_path / "lambda.zip"
    _zip(package, {"handler.py": "HANDLER = 1\n"})
    cli = SimpleNamespace(zip_path=str(package), stage_config={"runtime": "python2.7"})

    assert not add_bytecode(cli)
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == ["handler.py"]


def test_every_stage_runs_the_callback(zappa_stage_config):
    module, _, function = zappa_stage_config["callbacks"]["zip"].rpartition(".")
    assert (ROOT / (module.replace(".", "/") + ".py")).is_file()
    assert function == add_bytecode.__name__
    assert zappa_stage_config["runtime"] == RUNTIME
