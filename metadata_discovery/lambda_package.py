"""Bytecode for the modules the Lambda package ships as source: a Zappa ``zip`` callback.

Lambda unpacks the package with 1980 timestamps onto a read-only file system, so Python can
neither trust timestamp-based ``__pycache__`` files nor write new ones: a module shipped as
source is compiled again on every cold start. The dependencies ship as bytecode already
(``bin/mdt package``); what is left is MDT's own code and the handler Zappa adds, ~60 ms of CPU
per cold start. This callback adds to the finished zip, for each such module, a hash-checked
``.pyc`` under ``__pycache__`` (PEP 552): valid whatever the file times, used only while the
source beside it is unchanged, and the source stays for readable tracebacks. Nothing is
written into the working tree.

Zappa loads this file on its own (not as part of the package), so it uses the standard library
only.
"""

import py_compile
import sys
import tempfile
import zipfile
from importlib.util import cache_from_source
from pathlib import Path, PurePosixPath

# Django's migration framework, imported at start-up by the auth and contenttypes apps; the
# migration files of apps are read only by `migrate`.
DJANGO_MIGRATIONS = ("django", "db", "migrations")


def _needs_bytecode(name: str, names: set[str]) -> bool:
    """A source module Python would compile. Where a .py sits next to a legacy .pyc (Zappa
    keeps both when its copy leaves the .pyc no newer), Python reads the .py."""
    path = PurePosixPath(name)
    app_migration = "migrations" in path.parts[:-1] and path.parts[:3] != DJANGO_MIGRATIONS
    return path.suffix == ".py" and not app_migration and _cached_name(name) not in names


def _cached_name(name: str) -> str:
    return PurePosixPath(cache_from_source(name)).as_posix()


def add_bytecode(zappa_cli) -> list[str]:
    """Add a checked-hash .pyc for each source module in the package; return their names."""
    runtime = zappa_cli.stage_config.get("runtime", "")
    here = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if runtime != here or not zipfile.is_zipfile(zappa_cli.zip_path):
        print(f"No bytecode added: building with {here} for the {runtime or '?'} runtime.")
        return []
    added = []
    with zipfile.ZipFile(zappa_cli.zip_path, "a", zipfile.ZIP_DEFLATED) as archive:
        names = set(archive.namelist())
        with tempfile.TemporaryDirectory(prefix="mdt-pyc-") as tmp:
            for name in sorted(n for n in names if _needs_bytecode(n, names)):
                source = Path(tmp) / "source.py"
                source.write_bytes(archive.read(name))
                compiled = Path(tmp) / "compiled.pyc"
                try:
                    py_compile.compile(
                        str(source),
                        cfile=str(compiled),
                        dfile=name,
                        doraise=True,
                        invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
                    )
                except py_compile.PyCompileError:
                    continue  # Python would fail on it at import anyway; leave that to it
                info = zipfile.ZipInfo(_cached_name(name))
                info.create_system = 3
                info.external_attr = 0o644 << 16
                archive.writestr(info, compiled.read_bytes(), zipfile.ZIP_DEFLATED)
                added.append(info.filename)
    print(f"Added bytecode for {len(added)} source modules.")
    return added
