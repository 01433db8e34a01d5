"""Requests that reach MDT through CloudFront: served as on the viewer's host, at its root.

CloudFront forwards /api/*, /admin/* and the docs to API Gateway without the viewer's Host (API
Gateway routes by its own), so API Gateway sees ``<id>.execute-api.<region>.amazonaws.com`` and
Zappa's handler, seeing an amazonaws.com host, puts the stage in SCRIPT_NAME. Django then wrote
every URL for a client that calls API Gateway directly: ``/admin/`` redirected to
``/prod/admin/login/``, and pagination links pointed at the execute-api host (issue 17).

CloudFront's viewer-request function on those paths (terraform/frontend.tf) copies the viewer's
host into ``X-Mdt-Public-Host``, overwriting any such header a viewer sent. Where it is present,
this middleware makes the request what the viewer asked for: that host (which ``get_host`` still
checks against ALLOWED_HOSTS, so a direct caller who sends the header can only name an allowed
host) and no script prefix. Without it (a call to API Gateway's own URL), Zappa's stage prefix
stays, which is right for that URL.
"""

from typing import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import set_script_prefix

PUBLIC_HOST = "HTTP_X_MDT_PUBLIC_HOST"


class PublicHostMiddleware:
    """First in MIDDLEWARE: the security middleware's redirects, CommonMiddleware's slash
    redirect and CSRF's origin check all read the host and path it sets."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.META.get(PUBLIC_HOST)
        if host:
            request.META["HTTP_HOST"] = host
            request.META["SCRIPT_NAME"] = ""
            request.path = request.path_info
            set_script_prefix("/")
        return self.get_response(request)
