"""Command-line tools the tests run for real (checkov, the ``datahub`` CLI, schemathesis), each in
its own venv under ``.venv/tools/<name>``: their pins clash with MDT's and with each other.

``requirements/tools/<name>.txt`` pins each one with everything it installs; ``bin/mdt tools``
and :func:`tool` build the same venv from it, and rebuild it when the file changes.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str, command: str) -> Path:
    """The path of ``command`` in tool ``name``'s venv, created first if it is missing or was
    built from another pin file."""
    pins = ROOT / "requirements" / "tools" / f"{name}.txt"
    venv = ROOT / ".venv" / "tools" / name
    stamp, want = venv / ".mdt-installed", hashlib.sha256(pins.read_bytes()).hexdigest()[:16]
    if not (stamp.exists() and stamp.read_text().strip() == want):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            + ["--disable-pip-version-check", "--requirement", str(pins)],
            check=True,
            timeout=900,
        )
        stamp.write_text(want + "\n")
    return venv / "bin" / command
