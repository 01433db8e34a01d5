"""Recipes: what to crawl and how, as YAML (shaped like DataHub's, so its users read them).

```yaml
name: warehouse                  # optional; the file name without .yml otherwise
origin: PROD                     # FabricType of the datasets
source:
  type: postgres
  config:
    host: db.internal
    database: analytics
    username: ${PG_USER}                              # from the environment at run time
    password: {secret: mdt/prod/warehouse, key: password}   # from Secrets Manager
options: {batch_size: 200}
stateful: {enabled: true, max_removal_share: 0.2}
```

Credentials never sit in the file: a literal value under a credential-like key is refused, and
references are resolved only when the run starts (``config_resolve``), never stored on the run.
Secrets come through a resolver the caller hands in (a secret's name in, its string out): the
Lambda edge and ``manage.py ingest --secrets-manager`` pass the Secrets Manager one from
``metadata_discovery/aws.py``, so this app never imports AWS code and a test passes a dict's
``__getitem__``. A recipe naming a secret, run without a resolver, fails saying so.
"""

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from catalog.urns import FABRIC_TYPES
from core.errors import ApplicationError

_ENV_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CREDENTIAL_KEYS = re.compile(r"(password|passwd|secret|token|api_key|private_key)", re.I)
DEFAULT_MAX_REMOVAL_SHARE = 0.2
DEFAULT_BATCH_SIZE = 200

# A secret's name (or ARN) in, its string out.
SecretResolver = Callable[[str], str]


class RecipeError(ApplicationError):
    code = "invalid_recipe"


@dataclass(frozen=True)
class Recipe:
    name: str
    source_type: str
    config: dict[str, Any]
    origin: str = "PROD"
    options: dict[str, Any] = field(default_factory=dict)
    stateful: bool = False
    max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE

    @property
    def batch_size(self) -> int:
        return int(self.options.get("batch_size", DEFAULT_BATCH_SIZE))


def _is_reference(value: Any) -> bool:
    if isinstance(value, dict):
        return set(value) <= {"secret", "key"} and "secret" in value
    return isinstance(value, str) and bool(_ENV_RE.fullmatch(value.strip()))


def _credentials_check(config: Any, path: str = "config") -> None:
    if isinstance(config, dict):
        for key, value in config.items():
            where = f"{path}.{key}"
            if _CREDENTIAL_KEYS.search(str(key)) and value not in (None, ""):
                if not _is_reference(value):
                    raise RecipeError(
                        f"{where} holds a literal credential; use ${{ENV_VAR}} or "
                        "{secret: <Secrets Manager name>, key: <field>} instead.",
                        fields={where: ["literal credential"]},
                    )
            elif not _is_reference(value):
                _credentials_check(value, where)
    elif isinstance(config, list):
        for index, value in enumerate(config):
            _credentials_check(value, f"{path}[{index}]")


def recipe_parse(data: Any, *, default_name: str = "recipe") -> Recipe:
    if not isinstance(data, dict):
        raise RecipeError("A recipe is a mapping with at least `source: {type, config}`.")
    source = data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("type"), str):
        raise RecipeError("The recipe needs `source.type`.", fields={"source": ["type missing"]})
    config = source.get("config") or {}
    if not isinstance(config, dict):
        raise RecipeError("`source.config` must be a mapping.", fields={"source": ["config"]})
    _credentials_check(config)
    origin = str(data.get("origin") or (data.get("options") or {}).get("origin") or "PROD")
    if origin not in FABRIC_TYPES:
        raise RecipeError(
            f"origin {origin!r} is not one of {', '.join(FABRIC_TYPES)}.",
            fields={"origin": ["unknown"]},
        )
    stateful = data.get("stateful") or {}
    if not isinstance(stateful, dict):
        raise RecipeError("`stateful` must be a mapping.", fields={"stateful": ["mapping"]})
    share = float(stateful.get("max_removal_share", DEFAULT_MAX_REMOVAL_SHARE))
    if not 0 <= share <= 1:
        raise RecipeError(
            "stateful.max_removal_share must be between 0 and 1.",
            fields={"stateful": ["max_removal_share out of range"]},
        )
    name = str(data.get("name") or default_name)
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,200}", name):
        raise RecipeError(
            f"Recipe name {name!r} may hold letters, digits, '.', '_' and '-' only.",
            fields={"name": ["invalid"]},
        )
    return Recipe(
        name=name,
        source_type=source["type"],
        config=config,
        origin=origin,
        options=dict(data.get("options") or {}),
        stateful=bool(stateful.get("enabled", False)),
        max_removal_share=share,
    )


def recipe_load(path: str | Path) -> Recipe:
    import yaml  # pylint: disable=import-outside-toplevel

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RecipeError(f"Cannot read recipe {path}: {exc}") from exc
    return recipe_parse(data, default_name=path.stem)


def _secret_resolve(ref: dict[str, Any], secrets: SecretResolver | None, cache: dict) -> str:
    name = str(ref["secret"])
    if secrets is None:
        raise RecipeError(
            f"The recipe reads the secret {name!r}, but this run was given no secret resolver: "
            "run it with `manage.py ingest --secrets-manager`, or from the Lambda schedule.",
            fields={"secret": [name]},
        )
    if name not in cache:
        cache[name] = secrets(name)
    raw = cache[name]
    if "key" not in ref:
        return raw
    try:
        return str(json.loads(raw)[ref["key"]])
    except (ValueError, KeyError, TypeError) as exc:
        raise RecipeError(
            f"Secret {name!r} has no JSON key {ref['key']!r}.", fields={"secret": [name]}
        ) from exc


def config_resolve(
    config: Any,
    *,
    environ=None,
    secrets: SecretResolver | None = None,
    _cache: dict | None = None,
) -> Any:
    """The config with ``${VAR}`` and ``{secret: …}`` references replaced by their values; each
    secret is read once through ``secrets``."""
    environ = os.environ if environ is None else environ
    cache = {} if _cache is None else _cache
    if isinstance(config, dict):
        if _is_reference(config):
            return _secret_resolve(config, secrets, cache)
        return {
            k: config_resolve(v, environ=environ, secrets=secrets, _cache=cache)
            for k, v in config.items()
        }
    if isinstance(config, list):
        return [config_resolve(v, environ=environ, secrets=secrets, _cache=cache) for v in config]
    if isinstance(config, str):

        def env(match: re.Match) -> str:
            if match.group(1) not in environ:
                raise RecipeError(
                    f"Environment variable {match.group(1)} is not set.",
                    fields={"config": [f"${{{match.group(1)}}} unset"]},
                )
            return environ[match.group(1)]

        return _ENV_RE.sub(env, config)
    return config
