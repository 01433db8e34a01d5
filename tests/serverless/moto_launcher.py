"""Start moto's server with the one Lambda route moto 5.2.5 lacks: ListFunctionUrlConfigs
(GET /2021-10-31/functions/<name>/urls), which `zappa update` calls. Test harness only.

    python -m tests.serverless.moto_launcher -H 127.0.0.1 -p 5000
"""

import json
import sys
from urllib.parse import unquote, urlparse

from moto.awslambda import urls as lambda_urls
from moto.awslambda.exceptions import UnknownFunctionException
from moto.awslambda.responses import LambdaResponse
from moto.server import main as moto_main

ROUTE = r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/urls/?$"


def list_function_url_configs(request, full_url, headers):
    """The function's URL config as a one-item list (a function has at most one), or none."""
    response = LambdaResponse()
    response.setup_class(request, full_url, headers)
    name = unquote(urlparse(full_url).path.rstrip("/").split("/")[-2])
    try:
        function = response.backend.get_function(name)
    except UnknownFunctionException:
        return (
            404,
            {"x-amzn-ErrorType": "ResourceNotFoundException"},
            json.dumps({"Type": "User", "Message": f"Function not found: {name}"}),
        )
    configs = [function.url_config.to_dict()] if function.url_config else []
    return 200, {}, json.dumps({"FunctionUrlConfigs": configs})


def register() -> None:
    lambda_urls.url_paths.setdefault(ROUTE, list_function_url_configs)


if __name__ == "__main__":
    register()
    sys.exit(moto_main(sys.argv[1:]))
