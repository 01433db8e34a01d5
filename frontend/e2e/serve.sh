#!/usr/bin/env bash
# Playwright's webServer: a fresh SQLite catalog with the demo data, then Django (which also
# serves the built SPA from frontend/dist). `exec` so Playwright owns the server process.
# Settings come from the environment, so SEARCH_TRACK_TOTAL_HITS, when set, reaches Django as is
# (playwright.config.ts sets it for the server the approximate-counts spec runs against).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${MDT_PYTHON:-$ROOT/.venv/bin/python}"
DB_DIR="$(mktemp -d)"
export DATABASE_URL="sqlite:///$DB_DIR/e2e.sqlite3"
export DJANGO_SETTINGS_MODULE="metadata_discovery.settings.local"
# Every spec logs in as admin from 127.0.0.1, two at a time: at the default 30 logins a minute per
# address a fast run was throttled (a flaky xss spec). The limit itself is tested by the API suite.
export MDT_RATE_LOGIN="${MDT_RATE_LOGIN:-300/60}"
cd "$ROOT"
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py load_demo_catalog --datasets "${MDT_E2E_DATASETS:-300}" >/dev/null
"$PY" manage.py search_relay >/dev/null # index the demo catalog for /api/v1/search/
echo "e2e server log: $DB_DIR/server.log${SEARCH_TRACK_TOTAL_HITS:+ (SEARCH_TRACK_TOTAL_HITS=$SEARCH_TRACK_TOTAL_HITS)}" >&2
exec "$PY" manage.py runserver "127.0.0.1:${MDT_E2E_PORT:-8765}" --noreload 2>>"$DB_DIR/server.log"
