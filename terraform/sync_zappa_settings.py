"""Copy `terraform output zappa_stage_settings` into a stage of zappa_settings.json.

Terraform owns the long-lived resources, Zappa the function and API Gateway; the IDs Zappa needs
(subnets, security group, deployment bucket, hosts) exist only after `terraform apply`. This
writes them into the stage, so zappa_settings.json keeps one readable source that can be
committed (IDs are not secrets). Usage, from the repository root:

    terraform -chdir=terraform output -json zappa_stage_settings \
        | python terraform/sync_zappa_settings.py prod
"""

import argparse
import json
import sys
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "zappa_settings.json"
MERGED_KEYS = ("environment_variables",)


def sync_stage(settings: dict, stage: str, outputs: dict) -> dict:
    """Return settings with the stage updated from the terraform output object."""
    if stage not in settings:
        raise KeyError(f"No stage {stage!r} in zappa_settings.json")
    if "value" in outputs and "type" in outputs:  # `terraform output -json` of a single output
        outputs = outputs["value"]
    merged = dict(settings[stage])
    for key, value in outputs.items():
        if key in MERGED_KEYS:
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return {**settings, stage: merged}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--settings", type=Path, default=SETTINGS)
    args = parser.parse_args(argv)
    settings = json.loads(args.settings.read_text(encoding="utf-8"))
    updated = sync_stage(settings, args.stage, json.load(sys.stdin))
    args.settings.write_text(json.dumps(updated, indent=4) + "\n", encoding="utf-8")
    print(f"updated stage {args.stage!r} in {args.settings}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
