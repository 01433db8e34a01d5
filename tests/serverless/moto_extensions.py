"""What moto 5.2.5 lacks for rehearsing MDT's deploy, added for the tests only:

- Lambda's ListFunctionUrlConfigs (GET /2021-10-31/functions/<name>/urls), which `zappa update`
  calls;
- CloudFormation for the HTTP API (AWS::ApiGatewayV2::Api, Integration, Route, Stage), which
  Zappa's stack template holds when `apigateway_version` is "v2": moto's CloudFormation skips
  those types, so the stack would hold no API;
- API Gateway v2's UpdateStage, with which the post callback sets the stage's throttling.

Each resource is created in moto's own API Gateway v2 backend, so what Zappa and the callback
read back is what they would read from AWS. `register()` installs all three, in moto_server
(tests/serverless/moto_launcher.py) or in-process (before the first CloudFormation stack).
"""

# moto marks every CloudFormationModel hook abstract, and its own models define only those their
# resource needs (moto checks for the rest before calling them), as these do.
# pylint: disable=abstract-method

import json
from typing import Any
from urllib.parse import unquote, urlparse

from moto.apigatewayv2.models import apigatewayv2_backends
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.awslambda import urls as lambda_urls
from moto.awslambda.exceptions import UnknownFunctionException
from moto.awslambda.responses import LambdaResponse
from moto.cloudformation import parsing
from moto.core.common_models import CloudFormationModel

FUNCTION_URLS_ROUTE = r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/urls/?$"


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


def update_stage(self) -> tuple[int, dict, str]:
    """PATCH /v2/apis/<api>/stages/<stage>: the settings the request names, merged in."""
    api_id = self.path.split("/")[-3]
    stage = self.apigatewayv2_backend.get_stage(api_id, unquote(self.path.split("/")[-1]))
    body = json.loads(self.body or "{}")
    stage.default_route_settings = {
        **(stage.default_route_settings or {}),
        **body.get("defaultRouteSettings", {}),
    }
    if "stageVariables" in body:
        stage.stage_variables = body["stageVariables"]
    return 200, {}, json.dumps(stage.to_json())


class _V2Resource:
    """One API Gateway v2 resource made by a stack; Ref gives its id (the API's, the
    integration's...). Each concrete class also names CloudFormationModel as a direct base:
    moto finds resource types by CloudFormationModel.__subclasses__()."""

    KIND = ""

    def __init__(self, account_id: str, region: str, api_id: str, resource_id: str) -> None:
        self.account_id, self.region, self.api_id, self.resource_id = (
            account_id,
            region,
            api_id,
            resource_id,
        )

    @property
    def physical_resource_id(self) -> str:
        return self.resource_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> "_V2Resource":
        backend = apigatewayv2_backends[account_id][region_name]
        properties = cloudformation_json.get("Properties", {})
        api_id, resource_id = cls.create(backend, properties, resource_name)
        return cls(account_id, region_name, api_id, resource_id)

    @classmethod
    def create(cls, backend, properties: dict, name: str) -> tuple[str, str]:
        raise NotImplementedError

    def delete(self, account_id: str, region_name: str) -> None:
        if self.KIND == "Api":
            apigatewayv2_backends[account_id][region_name].delete_api(self.api_id)


class V2Api(_V2Resource, CloudFormationModel):
    KIND = "Api"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Api"

    @classmethod
    def create(cls, backend, properties: dict, name: str) -> tuple[str, str]:
        api = backend.create_api(
            api_key_selection_expression=None,
            cors_configuration=properties.get("CorsConfiguration"),
            description=properties.get("Description"),
            disable_schema_validation=None,
            disable_execute_api_endpoint=None,
            name=properties.get("Name", name),
            protocol_type=properties["ProtocolType"],
            route_selection_expression=None,
            tags=properties.get("Tags"),
            version=None,
        )
        return api.api_id, api.api_id


class V2Integration(_V2Resource, CloudFormationModel):
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Integration"

    @classmethod
    def create(cls, backend, properties: dict, name: str) -> tuple[str, str]:
        integration = backend.create_integration(
            api_id=properties["ApiId"],
            connection_id=None,
            connection_type=None,
            content_handling_strategy=None,
            credentials_arn=None,
            description=None,
            integration_method=properties.get("IntegrationMethod"),
            integration_subtype=None,
            integration_type=properties["IntegrationType"],
            integration_uri=properties["IntegrationUri"],
            passthrough_behavior=None,
            payload_format_version=properties.get("PayloadFormatVersion"),
            request_parameters=None,
            request_templates=None,
            response_parameters=None,
            template_selection_expression=None,
            timeout_in_millis=None,
            tls_config=None,
        )
        return properties["ApiId"], integration.id


class V2Route(_V2Resource, CloudFormationModel):
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Route"

    @classmethod
    def create(cls, backend, properties: dict, name: str) -> tuple[str, str]:
        route = backend.create_route(
            api_id=properties["ApiId"],
            api_key_required=False,
            authorization_scopes=[],
            authorization_type=properties.get("AuthorizationType"),
            authorizer_id=None,
            model_selection_expression=None,
            operation_name=None,
            request_models=None,
            request_parameters=None,
            route_key=properties["RouteKey"],
            route_response_selection_expression=None,
            target=properties.get("Target"),
        )
        return properties["ApiId"], route.route_id


class V2Stage(_V2Resource, CloudFormationModel):
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Stage"

    @classmethod
    def create(cls, backend, properties: dict, name: str) -> tuple[str, str]:
        stage = backend.create_stage(
            properties["ApiId"],
            {"stageName": properties["StageName"], "autoDeploy": properties.get("AutoDeploy")},
        )
        return properties["ApiId"], stage.name


def register() -> None:
    lambda_urls.url_paths.setdefault(FUNCTION_URLS_ROUTE, list_function_url_configs)
    ApiGatewayV2Response.update_stage = update_stage  # type: ignore[attr-defined]
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
