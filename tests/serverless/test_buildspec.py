"""buildspec.yml runs the commands a developer runs, and each of them exists."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import re
import shlex

import pytest
import yaml

from tests.serverless.conftest import ROOT

PHASES = ("install", "pre_build", "build", "post_build")


@pytest.fixture(scope="module")
def buildspec() -> dict:
    return yaml.safe_load((ROOT / "buildspec.yml").read_text(encoding="utf-8"))


def _commands(buildspec: dict, phase: str) -> list[str]:
    return buildspec["phases"][phase]["commands"]


def _words(command: str) -> list[str]:
    words = shlex.split(command)
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):  # leading VAR=value assignments
        words.pop(0)
    return words


def test_phases_run_in_order_install_lint_test_build_deploy(buildspec):
    assert str(buildspec["version"]) == "0.2"
    assert list(buildspec["phases"]) == list(PHASES)
    assert buildspec["phases"]["install"]["runtime-versions"]["python"] == 3.11
    joined = {phase: "\n".join(_commands(buildspec, phase)) for phase in PHASES}
    assert "bin/mdt test" in joined["pre_build"]  # black, pylint, checks, pytest
    assert "npm run lint" in joined["pre_build"]  # eslint
    assert "bin/mdt package" in joined["build"] and "npm run build" in joined["build"]
    assert "zappa update" in joined["post_build"]
    assert "aws s3 sync frontend/dist" in joined["post_build"]
    assert "aws cloudfront create-invalidation" in joined["post_build"]


def test_every_command_calls_something_that_exists(buildspec):
    usage = (ROOT / "bin" / "mdt").read_text(encoding="utf-8")
    package = json.loads((ROOT / "frontend" / "package.json").read_text(encoding="utf-8"))
    for phase in PHASES:
        for command in _commands(buildspec, phase):
            words = _words(command)
            program = words[0]
            if program == "bin/mdt":
                assert f"  {words[1]})" in usage, command
            elif program == "npm":
                if words[1] in {"run", "test"}:
                    script = words[2] if words[1] == "run" else "test"
                    assert script in package["scripts"], command
                else:
                    assert words[1] == "ci" and (ROOT / "frontend" / "package-lock.json").exists()
            elif program.startswith(".venv/"):
                # tool venvs that bin/mdt creates (production venv: `bin/mdt package`)
                assert program.split("/")[1] in {"bin", "tools"}, command
                assert words[1] in {"manage.py", "update", "manage"}, command
            else:
                assert program == "aws", command
            if "manage.py" in words:
                assert (ROOT / "manage.py").exists()


def test_deploy_updates_the_stage_from_the_package_built_in_the_build_phase(buildspec):
    build = "\n".join(_commands(buildspec, "build"))
    deploy = "\n".join(_commands(buildspec, "post_build"))
    assert 'bin/mdt package "$STAGE"' in build
    assert '--zip "build/mdt-$STAGE.zip"' in deploy
    assert buildspec["artifacts"]["files"] == ["build/mdt-$STAGE.zip"]
