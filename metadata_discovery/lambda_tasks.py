"""Work a request hands to another invocation of this Lambda function (the AWS edge).

``dispatch`` can be ``SEARCH_INDEX_DISPATCHER`` (with ``SEARCH_BULK_INDEXING=dispatch``): a bulk
ingestion batch's index update then runs in an asynchronous invocation of the same function,
through Zappa's task routing (Zappa's handler imports the task by its dotted path and calls it),
so the batch's response does not wait for search. It needs a route from the function's subnets
to the Lambda API, which the default stack does not have (no NAT, and an interface endpoint
costs about $15 a month in two zones): production indexes bulk batches in the request instead
(docs/deploy.md). The search app only knows the setting; boto3 and Zappa stay here.
"""

import logging
import os
from typing import Callable

from metadata_discovery import aws

logger = logging.getLogger(__name__)

IDS_PER_TASK = 5000  # ~40 kB of JSON: far under the 256 kB an asynchronous invocation may carry


def dispatch(task: Callable[[list[int]], object], dataset_ids: list[int]) -> bool:
    """Invoke this function asynchronously with ``task(ids)``, in chunks. False when this
    process is not a Lambda function: the caller then does the work itself. Raises when Lambda
    refuses an invocation (the caller logs it and does the work; the relay's sweep covers any
    chunk already sent twice over harmlessly, delivery being idempotent)."""
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    if not function_name:
        return False
    # Imported here: zappa.asynchronous creates four boto3 clients on import, which the cold
    # start of every other request should not pay for.
    from zappa import asynchronous  # pylint: disable=import-outside-toplevel

    if asynchronous.LAMBDA_CLIENT.meta.config.connect_timeout != aws.CLIENT_CONNECT_TIMEOUT:
        # Zappa's own client has boto3's 60 s timeouts; a request must not wait that long.
        asynchronous.LAMBDA_CLIENT = aws.bounded_client("lambda")
    for start in range(0, len(dataset_ids), IDS_PER_TASK):
        response = asynchronous.run(
            task,
            args=[dataset_ids[start : start + IDS_PER_TASK]],
            remote_aws_lambda_function_name=function_name,
        )
        if not getattr(response, "sent", False):
            raise RuntimeError(f"the asynchronous invocation of {function_name} was refused")
    return True
