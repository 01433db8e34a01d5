"""buildspec.yml runs the commands a developer runs, and each of them exists."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import re
import shlex

import pytest
import yaml

from tests.serverless.conftest import ROOT

PHASES = ("install", "pre_build", "build")
INSTALL_PROGRAMS = {
    "apt-get",
    "service",
    "/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh",
    "npx",
}


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
    assert "zappa update" in joined["build"]
    assert "aws s3 sync frontend/dist" in joined["build"]
    assert "aws cloudfront create-invalidation" in joined["build"]


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
            elif phase == "install" and program in INSTALL_PROGRAMS:
                pass  # the build's own services and browser (test_the_tests_get_...)
            else:
                assert program == "aws", command
            if "manage.py" in words:
                assert (ROOT / "manage.py").exists()


def test_deploy_updates_the_stage_from_the_package_built_in_the_build_phase(buildspec):
    build = _commands(buildspec, "build")
    update = next(i for i, command in enumerate(build) if 'zappa update "$STAGE"' in command)
    assert 'bin/mdt package "$STAGE"' in build[:update]
    assert '--zip "build/mdt-$STAGE.zip"' in build[update]
    assert buildspec["artifacts"]["files"] == ["build/mdt-$STAGE.zip"]


def test_nothing_deploys_after_a_failed_build(buildspec):
    """CodeBuild runs post_build after a failed build too (issue 17): deploying there shipped
    whatever the failed build left. In the build phase it runs only when lint and tests passed,
    and only while every command before it did."""
    assert "post_build" not in buildspec["phases"]
    deploys = ("zappa update", "zappa manage", "aws s3", "aws cloudfront")
    build = _commands(buildspec, "build")
    first = min(i for i, c in enumerate(build) if any(d in c for d in deploys))
    assert "bin/mdt package" in "\n".join(build[:first])
    assert not any(d in c for d in deploys for c in _commands(buildspec, "pre_build"))


def test_the_web_ui_upload_keeps_old_chunks_and_revalidates_the_page(buildspec):
    """A deploy used to delete the chunks open tabs load lazily, and set no Cache-Control, so
    browsers kept index.html by heuristics."""
    syncs = [c for c in _commands(buildspec, "build") if c.startswith("aws s3 sync")]
    assert not [c for c in syncs if "--delete" in c]
    assets = next(c for c in syncs if "frontend/dist/assets" in c)
    assert "immutable" in assets and "max-age=31536000" in assets
    page = next(c for c in syncs if c.startswith("aws s3 sync frontend/dist "))
    assert '--exclude "assets/*"' in page and '--cache-control "no-cache"' in page


def test_migrations_run_by_the_new_code_before_the_api_gets_it(buildspec):
    """`zappa manage STAGE migrate` after `zappa update STAGE` left the new code serving the old
    schema; before it, the old code's migrations ran. The migrate stage gets the new package
    first, migrates, and only then does the API's function."""
    build = _commands(buildspec, "build")
    order = [
        'bin/mdt package "${STAGE}_migrate"',
        'zappa update "${STAGE}_migrate" --zip "build/mdt-${STAGE}_migrate.zip"',
        'zappa manage "${STAGE}_migrate" "migrate --no-input"',
        'zappa update "$STAGE" --zip "build/mdt-$STAGE.zip"',
    ]
    positions = [next(i for i, c in enumerate(build) if step in c) for step in order]
    assert positions == sorted(positions)
    assert not [c for c in build if 'zappa manage "$STAGE"' in c]
    settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
    migrate = settings["prod_migrate"]
    assert migrate["extends"] == "prod" and migrate["apigateway_enabled"] is False
    assert migrate["events"] == []  # no schedules: it runs only when the build invokes it
    assert migrate["timeout_seconds"] == 900  # Lambda's limit; no API Gateway in front
    # Everything else (role, network, secrets, layers) comes from prod, where
    # terraform/sync_zappa_settings.py writes terraform's values.
    assert set(migrate) == {
        "extends",
        "apigateway_enabled",
        "events",
        "timeout_seconds",
        "lambda_concurrency",
    }


def test_the_tests_get_postgresql_mariadb_and_a_chromium_codebuilds_image_can_run(buildspec):
    """CodeBuild's standard image (Ubuntu) has no database, and its chromium package is a snap
    stub: the build installs RDS's PostgreSQL major version and MariaDB, starts both, and runs
    the e2e tests in Playwright's own Chromium. Unproven here: no CodeBuild image to run it in."""
    install = "\n".join(_commands(buildspec, "install"))
    rds = (ROOT / "terraform" / "rds.tf").read_text(encoding="utf-8")
    major = re.search(r'engine_version\s*=\s*"(\d+)"', rds).group(1)
    assert f"postgresql-{major}" in install and "mariadb-server" in install
    assert "service postgresql start" in install and "service mariadb start" in install
    assert "playwright install --with-deps chromium" in install
    test = next(c for c in _commands(buildspec, "pre_build") if "bin/mdt test" in c)
    assert 'DATABASE_URL="$CI_DATABASE_URL"' in test and "MDT_CHROMIUM=" in test
    url = buildspec["env"]["variables"]["CI_DATABASE_URL"]
    assert url.startswith("postgres://postgres:") and url.endswith("@127.0.0.1:5432/mdt")
    assert "MDT_CHROMIUM" in (ROOT / "bin" / "mdt").read_text(encoding="utf-8")
