"""Every binary in the Lambda package loads on the function's machine: built for the stage's
architecture, 64-bit, and asking for no glibc newer than the runtime's (python3.11: Amazon
Linux 2, glibc 2.26). `bin/mdt package` runs the same check and refuses the zip otherwise."""

import struct
import zipfile

import pytest

from metadata_discovery.lambda_platform import (
    ELF_MACHINES,
    ROOT,
    check_package,
    main,
    parse_elf,
    pip_platforms,
    runtime_glibc,
    stage_architecture,
    stage_config,
)

# No database: bin/mdt test runs these once, in its PostgreSQL pass.
pytestmark = pytest.mark.no_database

PROD = stage_config("prod")


def _elf(machine: int, versions: tuple[str, ...] = (), bits: int = 64) -> bytes:
    """A minimal little-endian ELF shared object: header, a string table, and a
    .gnu.version_r section needing `versions` from libc.so.6 (no sections when 32-bit)."""
    if bits == 32:
        header = b"\x7fELF\x01\x01\x01" + bytes(9)
        header += struct.pack("<HHIIIIIHHHHHH", 3, machine, 1, 0, 0, 0, 0, 52, 0, 0, 40, 0, 0)
        return header + bytes(64)
    strings = b"\0libc.so.6\0" + b"".join(v.encode() + b"\0" for v in versions)
    offsets = [strings.index(v.encode() + b"\0") for v in versions]
    verneed = struct.pack("<HHIII", 1, len(versions), 1, 16, 0)
    for index, offset in enumerate(offsets):
        last = index == len(offsets) - 1
        verneed += struct.pack("<IHHII", 0, 0, index + 2, offset, 0 if last else 16)
    strings_at = 64
    verneed_at = strings_at + len(strings)
    sections_at = verneed_at + len(verneed)
    header = b"\x7fELF\x02\x01\x01" + bytes(9)
    header += struct.pack("<HHIQQQIHHHHHH", 3, machine, 1, 0, 0, sections_at, 0, 64, 0, 0, 64, 3, 0)
    section = "<IIQQQQIIQQ"
    sections = struct.pack(section, *[0] * 10)
    sections += struct.pack(section, 0, 3, 0, 0, strings_at, len(strings), 0, 0, 1, 0)
    sections += struct.pack(section, 0, 0x6FFFFFFE, 0, 0, verneed_at, len(verneed), 1, 1, 8, 0)
    return header + strings + verneed + sections


def _zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_parse_elf_reads_machine_class_and_the_glibc_versions_needed():
    elf = parse_elf(_elf(0xB7, ("GLIBC_2.17", "GLIBC_2.25")))
    assert (elf.bits, elf.machine) == (64, 0xB7)
    assert elf.needed_versions == {"GLIBC_2.17", "GLIBC_2.25"}
    assert elf.glibc == (2, 25)
    assert parse_elf(b"#!/bin/sh\n") is None


def test_check_fails_listing_each_binary_that_would_not_load(tmp_path):
    x86, arm = ELF_MACHINES["x86_64"], ELF_MACHINES["arm64"]
    package = _zip(
        tmp_path / "package.zip",
        {
            "ok/_speedups.cpython-311-aarch64-linux-gnu.so": _elf(arm, ("GLIBC_2.17",)),
            "wrong/_speedups.cpython-311-x86_64-linux-gnu.so": _elf(x86, ("GLIBC_2.17",)),
            # Bundled libraries are ELF files whose names do not end in .so.
            "pkg.libs/libgssapi_krb5-42536122.so.2.2": _elf(arm, ("GLIBC_2.17", "GLIBC_2.27")),
            "old/thirty_two.so": _elf(arm, bits=32),
            "pkg/module.py": b"VALUE = 1\n",
        },
    )

    result = check_package(package, "arm64", (2, 26))

    assert len(result.elf_files) == 4
    assert sorted(result.problems) == [
        "old/thirty_two.so: 32-bit ELF, Lambda runs 64-bit code only",
        "pkg.libs/libgssapi_krb5-42536122.so.2.2: needs GLIBC_2.27, the runtime has glibc 2.26",
        "wrong/_speedups.cpython-311-x86_64-linux-gnu.so: built for x86-64,"
        " the function runs on arm64",
    ]
    assert not check_package(
        _zip(tmp_path / "ok.zip", {"a.so": _elf(arm, ("GLIBC_2.26",))}), "arm64", (2, 26)
    ).problems


def test_the_prod_package_holds_only_binaries_for_its_architecture_and_runtime(lambda_zip):
    architecture, glibc = stage_architecture(PROD), runtime_glibc(PROD)

    result = check_package(lambda_zip, architecture, glibc)

    assert not result.problems, "\n".join(result.problems)
    assert any("psycopg2/_psycopg" in name for name in result.elf_files)
    # The glibc half of the check reads real version needs, not nothing.
    with zipfile.ZipFile(lambda_zip) as archive:
        needs = [parse_elf(archive.read(name)).glibc for name in result.elf_files]
    assert max(need for need in needs if need) >= (2, 14)


def test_a_real_binary_for_the_other_architecture_fails_the_check(lambda_zip, tmp_path, capsys):
    """The check `bin/mdt package` runs (the module's command line) on the real package with one
    real compiled module's e_machine changed to the other architecture."""
    other = next(a for a in ELF_MACHINES if a != stage_architecture(PROD))
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(lambda_zip) as source, zipfile.ZipFile(broken, "w") as target:
        victim = next(n for n in source.namelist() if "psycopg2/_psycopg" in n)
        for info in source.infolist():
            data = source.read(info)
            if info.filename == victim:
                data = data[:18] + struct.pack("<H", ELF_MACHINES[other]) + data[20:]
            target.writestr(info, data)

    assert main(["check", str(lambda_zip), "prod"]) == 0
    assert main(["check", str(broken), "prod"]) == 1
    output = capsys.readouterr().out
    assert f"{victim}: built for" in output and f"runs on {stage_architecture(PROD)}" in output


@pytest.mark.parametrize("architecture, machine", [("x86_64", "x86_64"), ("arm64", "aarch64")])
def test_pip_platforms_stop_at_the_runtime_glibc(architecture, machine):
    tags = pip_platforms(architecture, runtime_glibc(PROD))
    assert tags[0] == f"manylinux_2_26_{machine}"
    assert f"manylinux2014_{machine}" in tags and f"manylinux_2_17_{machine}" in tags
    assert f"manylinux_2_27_{machine}" not in tags and f"manylinux_2_28_{machine}" not in tags
    assert all(tag.endswith(machine) for tag in tags)


def test_the_architecture_comes_from_the_stage_through_extends(tmp_path):
    settings = tmp_path / "zappa_settings.json"
    settings.write_text(
        '{"base": {"runtime": "python3.11", "architecture": "arm64"},'
        ' "dev": {"extends": "base"}, "x86": {"extends": "base", "architecture": "x86_64"}}'
    )
    assert stage_architecture(stage_config("dev", settings)) == "arm64"
    assert stage_architecture(stage_config("x86", settings)) == "x86_64"
    assert stage_architecture(
        stage_config("prod", ROOT / "zappa_settings.json")
    ) == stage_architecture(PROD)
