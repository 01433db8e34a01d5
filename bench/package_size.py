"""Build the Lambda package the way CI does (`bin/mdt package <stage>`: production-only venv,
no outside downloads) and report its zipped and unzipped size against Lambda's limits.

    .venv/bin/python bench/package_size.py [--stage dev]

Not part of the test suite: building the production venv from nothing takes ~30 s of pip on
2 cores; CI builds the same package in buildspec.yml's build phase.
"""

import argparse
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_ZIPPED_MB = 20
MAX_UNZIPPED_MB = 80
FORBIDDEN = (
    "moto/",
    "pytest/",
    "_pytest/",
    "pylint/",
    "black/",
    "factory/",
    "coverage/",
    ".mypy_cache/",
    "catalog/demo/",  # the demo catalog: production settings refuse it, so Lambda never needs it
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="dev")
    args = parser.parse_args()
    started = time.monotonic()
    subprocess.run([str(ROOT / "bin" / "mdt"), "package", args.stage], cwd=ROOT, check=True)
    elapsed = time.monotonic() - started
    package = ROOT / "build" / f"mdt-{args.stage}.zip"
    with zipfile.ZipFile(package) as archive:
        infos = archive.infolist()
    zipped = package.stat().st_size / 2**20
    unzipped = sum(info.file_size for info in infos) / 2**20
    leaked = sorted({p for i in infos for p in FORBIDDEN if i.filename.startswith(p)})
    print(f"package  {package.relative_to(ROOT)}  ({len(infos)} files, built in {elapsed:.0f} s)")
    print(f"zipped   {zipped:6.1f} MiB  (limit {MAX_ZIPPED_MB})")
    print(f"unzipped {unzipped:6.1f} MiB  (limit {MAX_UNZIPPED_MB})")
    print(f"dev tools in package: {leaked or 'none'}")
    return 0 if zipped <= MAX_ZIPPED_MB and unzipped <= MAX_UNZIPPED_MB and not leaked else 1


if __name__ == "__main__":
    sys.exit(main())
