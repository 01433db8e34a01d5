"""X-Ray: a UDP socket on 127.0.0.1 plays the daemon; production settings with MDT_XRAY=1 must
send each request's segment there, with one SQL subsegment per query."""

import json
import os
import socket
import subprocess
import sys
from urllib.parse import urlparse

from tests.serverless.conftest import ROOT, write_zappa_settings_module

TRACE_ROOT = "1-67a5f0c2-0123456789abcdef01234567"


def _production_env(tmp_path, daemon_port: int) -> dict:
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    return {
        **{key: os.environ[key] for key in keep if key in os.environ},
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'xray.sqlite3'}",
        "AWS_REGION": "us-east-1",
        "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{daemon_port}",
        "MDT_XRAY": "1",
        "LOG_LEVEL": "WARNING",
    }


def _read_segments(sock: socket.socket) -> list[dict]:
    segments = []
    sock.settimeout(0.5)
    while True:
        try:
            datagram = sock.recv(65535)
        except TimeoutError:
            return segments
        header, _, body = datagram.decode().partition("\n")
        assert json.loads(header) == {"format": "json", "version": 1}
        segments.append(json.loads(body))


def test_request_segment_with_sql_subsegments_reaches_the_daemon(tmp_path):
    write_zappa_settings_module(tmp_path, ENVIRONMENT_VARIABLES="{}")
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tests.serverless.xray_probe", f"Root={TRACE_ROOT};Sampled=1"],
            cwd=ROOT,
            env=_production_env(tmp_path, daemon.getsockname()[1]),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1]) == {
            "token": 200,
            "platforms": 200,
        }
        segments = _read_segments(daemon)
    finally:
        daemon.close()

    # API Gateway's default host: the stage is part of the URL the client used.
    by_path = {urlparse(segment["http"]["request"]["url"]).path: segment for segment in segments}
    assert set(by_path) == {"/dev/api/v1/auth/token/", "/dev/api/v1/platforms/"}
    platforms = by_path["/dev/api/v1/platforms/"]
    assert platforms["name"] == "mdt"
    assert platforms["trace_id"] == TRACE_ROOT
    assert platforms["http"]["response"]["status"] == 200
    sql = [sub for sub in platforms.get("subsegments", []) if "sql" in sub]
    assert sql, platforms
    assert all(sub["namespace"] == "remote" for sub in sql)
    assert any("catalog_dataplatform" in sub["sql"]["sanitized_query"] for sub in sql)
    # Migrations ran outside any request: nothing was sent for them, and nothing failed.
    assert "cannot find the current segment" not in result.stderr.lower()
