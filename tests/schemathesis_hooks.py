"""Hooks for the schemathesis run in tests/test_schemathesis.py, loaded by schemathesis itself
(``SCHEMATHESIS_HOOKS``) in its own venv: no Django here.

Two things, each the only departure from schemathesis's defaults:

- **The caller stays signed in.** schemathesis learns usernames from responses and then signs
  that user out, resets their password or changes their role, which ends the run's own session
  (rightly: that is what those operations do) and leaves every later case a 401. A username
  path parameter equal to the caller's is pointed at another account.
- **A 204 has no Content-Type.** Swagger 2.0 lists media types per operation, not per status,
  so an operation that answers 204 (no content) or 400 (JSON) declares ``application/json``, and
  schemathesis's ``content_type_conformance`` wants that header on the 204 too. RFC 9110 says a
  Content-Type describes content; a 204 has none, and Django sends none. This check is
  schemathesis's own, except for a response whose status the operation documents with no
  schema and that carries no body: the rule schemathesis applies to OpenAPI 3.
"""

# schemathesis is installed in its own venv (tests/tools.py), not the one pylint runs in.
# pylint: disable=import-error

import os

import schemathesis
from schemathesis.specs.openapi.checks import content_type_conformance

CALLER = os.environ["MDT_SCHEMATHESIS_CALLER"]
OTHER = os.environ["MDT_SCHEMATHESIS_OTHER"]


@schemathesis.hook
def before_call(context, case, **kwargs):  # pylint: disable=unused-argument
    if (case.path_parameters or {}).get("username") == CALLER:
        case.path_parameters["username"] = OTHER


@schemathesis.check
def content_type_of_content(ctx, response, case):
    """``content_type_conformance`` for responses with content."""
    documented = case.operation.definition.raw.get("responses", {}).get(
        str(response.status_code), {}
    )
    if not response.content and "schema" not in documented and response.status_code == 204:
        return None
    return content_type_conformance(ctx, response, case)
