"""Content-Security-Policy on every response Django sends.

HTML (the SPA's index.html when Django serves it, Swagger UI, ReDoc, the admin, DRF's browsable
API locally) gets ``settings.MDT_CSP_HTML``; anything else (JSON, static files) gets
``settings.MDT_CSP_OTHER``, which lets nothing load and nothing frame it. A response that already
carries a policy keeps it. CloudFront adds the same HTML policy to the SPA's files from S3
(terraform/frontend.tf) without overriding the one Django sends for /api/* and /admin/*.

No page needs an inline script: Vite emits ``<script type="module" src=…>``, drf-yasg's Swagger
UI and ReDoc templates load their code from static files and inline only JSON data blocks
(``type="application/json"``, which CSP does not govern), and the admin passes its values in
``data-`` attributes. So ``script-src`` is ``'self'`` with no hash and no nonce;
tests/test_csp.py hashes every inline script of those pages and fails if one appears whose
``'sha256-…'`` is not in the policy. A nonce would need index.html rendered per response, which
S3 cannot do.

Django 6.0 has this built in (``SECURE_CSP`` and its middleware): use that after upgrading.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_for(response: HttpResponse) -> str:
    content_type = response.get("Content-Type", "")
    return settings.MDT_CSP_HTML if content_type.startswith("text/html") else settings.MDT_CSP_OTHER


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(response)
        return response
