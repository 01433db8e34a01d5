"""The auto schema drf_yasg builds every operation with (SWAGGER_SETTINGS names it).

Apart from core.schema because drf_yasg's inspectors (and `packaging`, which they
import) are needed only to generate the schema, not on a cold start.
"""

from drf_yasg.inspectors import SwaggerAutoSchema

from core.schema import ERROR_RESPONSES


class MDTAutoSchema(SwaggerAutoSchema):
    """Adds the error responses to every operation that does not list its own."""

    def get_response_serializers(self) -> dict:
        responses = super().get_response_serializers()
        present = {str(code) for code in responses}
        for code in (400, 401, 403):
            if str(code) not in present:
                responses[str(code)] = ERROR_RESPONSES[code]
        return responses
