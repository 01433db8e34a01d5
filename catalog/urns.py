"""DataHub-compatible dataset URNs: ``urn:li:dataset:(urn:li:dataPlatform:<p>,<name>,<ORIGIN>)``.

The name may hold anything but control characters (HDFS paths carry slashes, some sources
commas), so the parser splits on the first comma after the platform and the last comma before
the origin, as DataHub does.
"""

import re
from dataclasses import dataclass

from core.errors import ApplicationError

# DataHub's FabricType enum (com.linkedin.common.FabricType).
FABRIC_TYPES = (
    "PROD",
    "DEV",
    "TEST",
    "QA",
    "UAT",
    "EI",
    "PRE",
    "STG",
    "NON_PROD",
    "CORP",
    "RVW",
    "PRD",
    "TST",
    "SIT",
    "SBX",
    "SANDBOX",
)

_PREFIX = "urn:li:dataset:("
_PLATFORM_PREFIX = "urn:li:dataPlatform:"
_PLATFORM_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MAX_URN_LENGTH = 512


class InvalidUrn(ApplicationError):
    code = "invalid_urn"


@dataclass(frozen=True)
class DatasetUrn:
    platform: str
    name: str
    origin: str

    def __str__(self) -> str:
        return f"{_PREFIX}{_PLATFORM_PREFIX}{self.platform},{self.name},{self.origin})"

    @property
    def platform_urn(self) -> str:
        return f"{_PLATFORM_PREFIX}{self.platform}"

    @classmethod
    def build(cls, *, platform: str, name: str, origin: str = "PROD") -> "DatasetUrn":
        return parse_dataset_urn(str(cls(platform=platform, name=name, origin=origin)))


def _fail(urn: str, reason: str) -> InvalidUrn:
    shown = urn if len(urn) <= 120 else urn[:117] + "..."
    return InvalidUrn(
        f"Invalid dataset URN {shown!r}: {reason}. Expected "
        "urn:li:dataset:(urn:li:dataPlatform:<platform>,<name>,<ORIGIN>).",
        fields={"urn": [reason]},
    )


def parse_dataset_urn(urn: str) -> DatasetUrn:
    """Parse and validate a dataset URN; raise InvalidUrn saying what is wrong."""
    if not isinstance(urn, str) or not urn:
        raise _fail(str(urn), "it is empty")
    if len(urn) > MAX_URN_LENGTH:
        raise _fail(urn, f"it is longer than {MAX_URN_LENGTH} characters")
    if _CONTROL_RE.search(urn):
        raise _fail(urn, "it contains control characters")
    if not urn.startswith(_PREFIX):
        raise _fail(urn, "it must start with 'urn:li:dataset:('")
    if not urn.endswith(")"):
        raise _fail(urn, "it must end with ')'")
    body = urn[len(_PREFIX) : -1]
    platform_urn, sep, rest = body.partition(",")
    if not sep:
        raise _fail(urn, "it needs three comma-separated parts: platform, name, origin")
    if not platform_urn.startswith(_PLATFORM_PREFIX):
        raise _fail(urn, "the first part must be a platform URN 'urn:li:dataPlatform:<name>'")
    platform = platform_urn[len(_PLATFORM_PREFIX) :]
    if not _PLATFORM_RE.match(platform):
        raise _fail(urn, f"platform {platform!r} is not a valid platform name")
    name, sep, origin = rest.rpartition(",")
    if not sep:
        raise _fail(urn, "it needs three comma-separated parts: platform, name, origin")
    if not name.strip():
        raise _fail(urn, "the dataset name is empty")
    if name != name.strip():
        raise _fail(urn, "the dataset name has leading or trailing spaces")
    if origin not in FABRIC_TYPES:
        raise _fail(urn, f"origin {origin!r} is not one of {', '.join(FABRIC_TYPES)}")
    return DatasetUrn(platform=platform, name=name, origin=origin)


def parse_owner_urn(value: str) -> tuple[str, str]:
    """``urn:li:corpuser:jdoe`` → ("user", "jdoe"); ``urn:li:corpGroup:data-eng`` → ("group", …).
    A bare name means a user, as DataHub's UI allows."""
    for prefix, kind in (("urn:li:corpuser:", "user"), ("urn:li:corpGroup:", "group")):
        if value.startswith(prefix):
            name = value[len(prefix) :]
            break
    else:
        if value.startswith("urn:"):
            raise ApplicationError(
                f"Owner {value!r} must be urn:li:corpuser:<name> or urn:li:corpGroup:<name>.",
                fields={"owner": ["unknown owner URN type"]},
            )
        kind, name = "user", value
    if not name or len(name) > 150 or _CONTROL_RE.search(name) or " " in name:
        raise ApplicationError(
            f"Owner {value!r} has an invalid name.", fields={"owner": ["invalid name"]}
        )
    return kind, name


def _tuple_parts(urn: str, prefix: str, count: int, example: str) -> list[str]:
    """``urn:li:dataFlow:(airflow,daily,prod)`` → ``["airflow", "daily", "prod"]``. Commas
    inside a nested URN (a task's flow) stay with it: parentheses are balanced."""
    shown = urn if len(urn) <= 120 else urn[:117] + "..."
    failure = InvalidUrn(f"Invalid URN {shown!r}: expected {example}.", fields={"urn": [example]})
    if len(urn) > MAX_URN_LENGTH or _CONTROL_RE.search(urn):
        raise failure
    if not (urn.startswith(prefix) and urn.endswith(")")):
        raise failure
    parts, depth, current = [], 0, ""
    for char in urn[len(prefix) : -1]:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    parts.append(current)
    if len(parts) != count or not all(parts) or depth:
        raise failure
    return parts


def flow_urn_parse(urn: str) -> tuple[str, str, str]:
    """A pipeline's URN: ``urn:li:dataFlow:(<orchestrator>,<flow id>,<cluster>)``."""
    parts = _tuple_parts(
        urn, "urn:li:dataFlow:(", 3, "urn:li:dataFlow:(<orchestrator>,<flow id>,<cluster>)"
    )
    return parts[0], parts[1], parts[2]


def job_urn_parse(urn: str) -> tuple[str, str]:
    """A task's URN: ``urn:li:dataJob:(<flow urn>,<job id>)``; the flow URN is checked too."""
    parts = _tuple_parts(urn, "urn:li:dataJob:(", 2, "urn:li:dataJob:(<flow urn>,<job id>)")
    flow_urn_parse(parts[0])
    return parts[0], parts[1]
