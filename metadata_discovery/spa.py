"""Serves the built web UI (``frontend/dist``) from Django for local use.

In production the SPA lives on S3 + CloudFront; locally ``bin/mdt run`` builds it and this view
serves it next to the API, so one process on http://127.0.0.1:8000 is the whole product.

- Files Vite emits under ``assets/`` carry a content hash in their name: they are served with a
  one-year ``immutable`` cache header, and as their pre-compressed ``.gz`` sibling (written by
  the build) when the browser accepts gzip.
- Any other path that is not a file is a client-side route (``/dataset/<urn>``, ``/search?q=``):
  it gets ``index.html`` with ``no-cache``, so deep links and reloads work and a new build is
  picked up at once.
- ``/api/``, ``/admin/``, ``/static/`` and ``/healthz`` never reach this view (see the pattern
  in ``metadata_discovery/urls.py``), so a typo in an API URL stays a JSON 404.

No WhiteNoise: a dozen lines of view do what the local setup needs, without a new dependency.
"""

import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# Paths the SPA must never shadow. Used by the URL pattern and by tests.
RESERVED_PREFIXES = ("api/", "admin/", "static/", "healthz")
SPA_PATH_PATTERN = r"^(?!api/|api$|admin/|admin$|static/|healthz)(?P<path>.*)$"

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@cache
def _register_types() -> None:
    # On first use: the first add_type() reads the system's mime.types files (~3 ms), and this
    # module is imported with the URLs on every cold start, where the SPA is not served at all.
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("text/css", ".css")
    mimetypes.add_type("image/svg+xml", ".svg")
    mimetypes.add_type("application/manifest+json", ".webmanifest")
    mimetypes.add_type("font/woff2", ".woff2")


def frontend_dist() -> Path:
    default = Path(settings.BASE_DIR) / "frontend" / "dist"
    return Path(getattr(settings, "FRONTEND_DIST", default))


def _file_in_dist(dist: Path, path: str) -> Path | None:
    if not path:
        return None
    try:
        candidate = Path(safe_join(dist, path))
    except Exception:  # pylint: disable=broad-exception-caught
        return None  # SuspiciousFileOperation: ../ escapes; treat as a route, never a file
    return candidate if candidate.is_file() else None


def _serve_file(request: HttpRequest, file: Path, cache_control: str) -> FileResponse:
    _register_types()
    content_type, _ = mimetypes.guess_type(file.name)
    gz = file.with_name(file.name + ".gz")
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    if accepts_gzip and gz.is_file():
        response = FileResponse(gz.open("rb"), content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    del response["Content-Disposition"]  # FileResponse names the .gz file; browsers need none
    response["Cache-Control"] = cache_control
    response["Vary"] = "Accept-Encoding"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    dist = frontend_dist()
    file = _file_in_dist(dist, path)
    if file is not None and file.name != "index.html":
        hashed = path.startswith("assets/")
        return _serve_file(request, file, IMMUTABLE if hashed else REVALIDATE)
    if path.startswith("assets/"):
        raise Http404("No such asset.")  # an old hashed name: a 404, not the HTML shell
    index = dist / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The web UI is not built yet: run `bin/mdt run` (or `npm run build` in frontend/). "
            "The API is at /api/v1/ and its docs at /api/docs/.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _serve_file(request, index, REVALIDATE)
