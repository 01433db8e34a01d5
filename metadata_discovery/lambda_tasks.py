"""Work a request hands to another invocation of this Lambda function (the AWS edge).

``dispatch`` is ``SEARCH_INDEX_DISPATCHER`` in production: a bulk ingestion batch's index update
runs in an asynchronous invocation of the same function, through Zappa's task routing (Zappa's
handler imports the task by its dotted path and calls it), so the batch's response does not wait
for search. The search app only knows the setting; boto3 and Zappa stay here.
"""

import logging
import os
from typing import Callable

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
    from zappa.asynchronous import run  # pylint: disable=import-outside-toplevel

    for start in range(0, len(dataset_ids), IDS_PER_TASK):
        response = run(
            task,
            args=[dataset_ids[start : start + IDS_PER_TASK]],
            remote_aws_lambda_function_name=function_name,
        )
        if not getattr(response, "sent", False):
            raise RuntimeError(f"the asynchronous invocation of {function_name} was refused")
    return True
