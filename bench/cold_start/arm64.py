"""Boot a Lambda package the way a new container does, natively (x86_64) or under qemu (arm64).

    .venv/bin/python bench/cold_start/arm64.py ZIP [ZIP ...] [--runs 5] [--database-host HOST]

Each ZIP is a package from `bin/mdt package` (its architecture is read from its ELF files, as
`bin/mdt package` checks them), unpacked once with its 1980 timestamps. Every run is a fresh
process that imports Zappa's handler, which reads the zappa_settings module zappa put in the
package, and serves one API Gateway REST event, GET /healthz, through `handler.lambda_handler`,
as deployed: production settings, X-Ray on, the secret key and the database secret read through
the Parameters and Secrets extension (run.py's stand-in on 127.0.0.1), the database PostgreSQL
at --database-host (so psycopg2's compiled module and its bundled libpq load and connect). boto3
comes from the lambda-RUNTIME-ARCH site-packages, as the Lambda runtime provides it. Python runs
with -S and -B and PYTHONPATH only: no host site-packages.

- x86_64 runs on the build host's Python (.venv/tools/production).
- arm64 runs under `qemu-aarch64-static` with Debian bookworm's arm64 Python 3.11 unpacked into
  a sysroot (.venv/tools/arm64-sysroot). As root on Debian this script sets that up itself
  (apt-get install qemu-user-static, dpkg --add-architecture arm64, apt-get download, dpkg -x);
  elsewhere it says what is missing. That sysroot has glibc 2.36, not Lambda's 2.26: the glibc
  ceiling is what `bin/mdt package`'s ELF check proves, not this boot.

Prints, per package, the median wall time from process start to the response (and the
in-process import and first-request times). The qemu figure measures an emulator, not Graviton:
it shows the package boots and answers, not how fast it would on Lambda.

Why not a test: the sysroot needs root, Debian's apt (with arm64 added as a foreign architecture)
and ~12 MB of downloads, which a CI image (CodeBuild's is not Debian) cannot be assumed to have,
and one emulated boot takes ~10 s of CPU on top.
"""

import argparse
import contextlib
import json
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# pylint: disable=wrong-import-position
from bench.cold_start.run import LAMBDA_RUNTIME_ENV, _secrets_extension, package_architecture
from tests.serverless.events import rest_v1

HOST_PYTHON = ROOT / ".venv" / "tools" / "production" / "bin" / "python"
SYSROOT = ROOT / ".venv" / "tools" / "arm64-sysroot"
QEMU = "qemu-aarch64-static"
# Debian bookworm's python3.11 and the libraries it and the package's wheels link against
# (manylinux wheels bundle the rest, e.g. psycopg2_binary.libs/).
ARM64_DEBS = (
    "python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libc6 libgcc-s1 libstdc++6 "
    "libssl3 libffi8 zlib1g libexpat1 libsqlite3-0 libbz2-1.0 liblzma5 libuuid1 libncursesw6 "
    "libtinfo6 libreadline8 libcrypt1 libdb5.3 libnsl2 libtirpc3 libgssapi-krb5-2 libkrb5-3 "
    "libk5crypto3 libkrb5support0 libcom-err2 libkeyutils1"
).split()
RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "dateutil")  # excluded from the zip

CHILD = r"""
import json, platform, sys, time
started = time.perf_counter()
from zappa import handler
imported = time.perf_counter()
response = handler.lambda_handler(json.loads(sys.argv[1]), None)
answered = time.perf_counter()
import psycopg2._psycopg
print("MDT-BOOT", json.dumps({"status": response["statusCode"], "body": response["body"],
                  "import_ms": (imported - started) * 1000,
                  "first_request_ms": (answered - imported) * 1000,
                  "machine": platform.machine(), "python": platform.python_version(),
                  "psycopg2": psycopg2._psycopg.__file__}), flush=True)
"""


def ensure_sysroot() -> Path:
    """Debian's arm64 Python in SYSROOT, and qemu: installed when missing (root, Debian)."""
    stamp = SYSROOT / ".mdt-installed"
    want = " ".join(ARM64_DEBS)
    if shutil.which(QEMU) and stamp.is_file() and stamp.read_text() == want:
        return SYSROOT
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"needs {QEMU} and {SYSROOT}: run as root on Debian to set them up")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not shutil.which(QEMU):
        subprocess.run(["apt-get", "install", "-y", "-qq", "qemu-user-static"], env=apt, check=True)
    foreign = subprocess.run(
        ["dpkg", "--print-foreign-architectures"], capture_output=True, text=True, check=True
    ).stdout.split()
    if "arm64" not in foreign:
        subprocess.run(["dpkg", "--add-architecture", "arm64"], check=True)
        subprocess.run(["apt-get", "update", "-qq"], env=apt, check=True)
    shutil.rmtree(SYSROOT, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="mdt-debs-") as debs:
        os.chmod(debs, 0o755)  # apt's _apt user downloads into it
        subprocess.run(
            ["apt-get", "download", "-qq", *(f"{name}:arm64" for name in ARM64_DEBS)],
            cwd=debs,
            env=apt,
            check=True,
        )
        for deb in sorted(Path(debs).glob("*.deb")):
            subprocess.run(["dpkg", "-x", str(deb), str(SYSROOT)], check=True)
    stamp.write_text(want)
    return SYSROOT


def boot(command: list[str], env: dict, event: dict) -> dict:
    """One cold start; wall_ms runs from the process start to its response (not its exit)."""
    started = time.perf_counter()
    with subprocess.Popen(
        [*command, "-S", "-B", "-c", CHILD, json.dumps(event)],
        env=env,
        cwd=env["LAMBDA_TASK_ROOT"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        # The handler may log to stdout before the result line.
        line = next((out for out in child.stdout if out.startswith("MDT-BOOT ")), "")
        wall_ms = (time.perf_counter() - started) * 1000
        _, errors = child.communicate(timeout=300)
    if not line:
        sys.exit(f"{' '.join(command)} failed:\n{errors[-4000:]}")
    return {**json.loads(line.split(" ", 1)[1]), "wall_ms": wall_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zips", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-host", default="127.0.0.1", help="PostgreSQL, trust auth")
    args = parser.parse_args()

    failed = False
    for package in args.zips:
        architecture = package_architecture(package)
        with contextlib.ExitStack() as stack:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mdt-boot-")))
            task = base / "task"
            with zipfile.ZipFile(package) as archive:
                archive.extractall(task)
            settings = runpy.run_path(str(task / "zappa_settings.py"))
            variables = settings["ENVIRONMENT_VARIABLES"]
            database = {"username": "postgres", "password": "", "host": args.database_host}
            runtime_env = stack.enter_context(
                _secrets_extension(
                    {
                        variables["DJANGO_SECRET_KEY_SECRET_ID"]: "cold-start-" + "x" * 60,
                        variables["DATABASE_SECRET_ID"]: json.dumps(
                            {**database, "port": 5432, "dbname": "postgres"}
                        ),
                    },
                    "bench-token",
                )
            )
            runtime = base / "runtime"
            runtime.mkdir()
            site = next((ROOT / ".venv" / "tools").glob(f"lambda-*-{architecture}"), None)
            if site is None:
                sys.exit(f"no .venv/tools/lambda-*-{architecture}: package with bin/mdt first")
            for name in RUNTIME_MODULES:
                (runtime / name).symlink_to(next(site.glob(f"lib/python*/site-packages/{name}")))
            env = {
                "PATH": os.environ["PATH"],
                "HOME": str(base),
                "PYTHONPATH": os.pathsep.join([str(task), str(runtime)]),
                "PYTHONDONTWRITEBYTECODE": "1",
                "AWS_REGION": "us-east-1",
                **LAMBDA_RUNTIME_ENV,
                **runtime_env,
                "LAMBDA_TASK_ROOT": str(task),
            }
            if architecture == "arm64":
                sysroot = ensure_sysroot()
                command = [QEMU, "-L", str(sysroot), str(sysroot / "usr" / "bin" / "python3.11")]
                how = f"arm64 under {QEMU} with Debian's Python 3.11: emulated, not Graviton speed"
            else:
                command = [str(HOST_PYTHON)]
                how = "x86_64 natively, on the build host's Python (.venv/tools/production)"
            event = rest_v1("GET", "/healthz")
            event["requestContext"].update(
                stage=settings["API_STAGE"], path=f"/{settings['API_STAGE']}/healthz"
            )
            samples = [boot(command, env, event) for _ in range(args.runs)]
        print(f"{package.name} ({settings['API_STAGE']}): {how}")
        first = samples[0]
        print(f"  GET /healthz -> {first['status']} {first['body']}")
        print(
            f"  on {first['machine']}, Python {first['python']}, psycopg2 from {first['psycopg2']}"
        )
        for key in ("wall_ms", "import_ms", "first_request_ms"):
            values = [sample[key] for sample in samples]
            print(
                f"  {key:17} median {statistics.median(values):7.0f}  "
                f"min {min(values):7.0f}  max {max(values):7.0f}  ({len(values)} runs)"
            )
        failed |= any(sample["status"] != 200 for sample in samples)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
