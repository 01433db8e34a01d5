"""The machine a stage's Lambda runs on, and a check that a package's binaries can load there.

`zappa package` copies whatever site-packages it is pointed at, so a package built from the
build host's own wheels carries the host's binaries: x86_64 ones on an x86_64 host, whatever the
stage's ``architecture`` says, and possibly linked against a newer glibc than the runtime's
(moto's `cryptography` wheel needs 2.34). ``bin/mdt package`` therefore installs the
dependencies from wheels chosen for the stage's platform (``pip_platforms``), and refuses the
zip unless ``check_package`` finds every ELF file in it built for that architecture, 64-bit,
and asking for no glibc symbol version newer than the runtime's.

The ELF reading is done here, with the standard library only (no pyelftools, no binutils):
the ELF header gives the class and machine; the ``SHT_GNU_verneed`` section (``.gnu.version_r``,
what ``readelf -V`` prints as "Version needs") lists each ``GLIBC_x.y`` the dynamic linker
will demand. A file with no section headers is scanned for ``GLIBC_x.y`` strings instead.

Run by ``bin/mdt`` as a script (``python metadata_discovery/lambda_platform.py ...``) from the
production tool venv, before Django or MDT's dependencies exist anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lambda's `architecture` values, the ELF e_machine of each, and the name wheels use for it.
ELF_MACHINES = {"x86_64": 0x3E, "arm64": 0xB7}
WHEEL_MACHINES = {"x86_64": "x86_64", "arm64": "aarch64"}
MACHINE_NAMES = {0x03: "i386", 0x28: "arm", 0x3E: "x86-64", 0xB7: "aarch64"}

# The glibc of each runtime's operating system: python3.9-3.11 run on Amazon Linux 2 (glibc
# 2.26), python3.12 and later on Amazon Linux 2023 (glibc 2.34).
RUNTIME_GLIBC = {
    "python3.9": (2, 26),
    "python3.10": (2, 26),
    "python3.11": (2, 26),
    "python3.12": (2, 34),
    "python3.13": (2, 34),
}

SHT_GNU_VERNEED = 0x6FFFFFFE
ELF_MAGIC = b"\x7fELF"
GLIBC_VERSION = re.compile(rb"GLIBC_(\d+)\.(\d+)")


@dataclass(frozen=True)
class ElfFile:
    bits: int
    machine: int
    # Every version name the file needs from a shared library ("GLIBC_2.17", "GLIBCXX_3.4"...).
    needed_versions: frozenset[str]

    @property
    def glibc(self) -> tuple[int, int] | None:
        """The newest GLIBC_x.y the file needs, if any."""
        versions = [
            (int(m.group(1)), int(m.group(2)))
            for m in (GLIBC_VERSION.fullmatch(v.encode()) for v in self.needed_versions)
            if m
        ]
        return max(versions, default=None)


@dataclass(frozen=True)
class PackageCheck:
    architecture: str
    glibc: tuple[int, int]
    elf_files: tuple[str, ...]
    problems: tuple[str, ...]


def stage_config(stage: str, settings_path: Path = ROOT / "zappa_settings.json") -> dict:
    """The stage as Zappa resolves it: its `extends` chain merged under it."""
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    config: dict = {}
    name: str | None = stage
    while name:
        if name not in settings:
            raise KeyError(f"zappa_settings.json has no stage {name!r}")
        config = {**settings[name], **config}
        name = settings[name].get("extends")
    config.pop("extends", None)
    return config


def stage_architecture(config: dict) -> str:
    architecture = config.get("architecture", "x86_64")  # Zappa's default, as Lambda's
    if architecture not in ELF_MACHINES:
        raise ValueError(f"unknown Lambda architecture {architecture!r}")
    return architecture


def runtime_glibc(config: dict) -> tuple[int, int]:
    runtime = config.get("runtime", "")
    if runtime not in RUNTIME_GLIBC:
        raise ValueError(f"no glibc known for the Lambda runtime {runtime!r}")
    return RUNTIME_GLIBC[runtime]


def pip_platforms(architecture: str, glibc: tuple[int, int]) -> list[str]:
    """pip's --platform values for wheels that load on `glibc` and `architecture`, newest first.

    pip expands the legacy manylinux2014 tag to manylinux2010/1 on its own, but not the PEP 600
    manylinux_2_N tags, so each is listed."""
    machine = WHEEL_MACHINES[architecture]
    major, newest = glibc
    tags = [f"manylinux_{major}_{minor}_{machine}" for minor in range(newest, 4, -1)]
    return tags + [f"manylinux2014_{machine}"]


def parse_elf(data: bytes) -> ElfFile | None:
    """The ELF facts the check needs, or None when `data` is not an ELF file."""
    if not data.startswith(ELF_MAGIC):
        return None
    if len(data) < 64 or data[4] not in (1, 2) or data[5] not in (1, 2):
        raise ValueError("truncated or malformed ELF header")
    bits = 32 if data[4] == 1 else 64
    order = "<" if data[5] == 1 else ">"
    machine = struct.unpack_from(order + "H", data, 18)[0]
    if bits == 64:
        shoff = struct.unpack_from(order + "Q", data, 40)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 58)
        section_format = order + "IIQQQQIIQQ"
    else:
        shoff = struct.unpack_from(order + "I", data, 32)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 46)
        section_format = order + "IIIIIIIIII"
    if not shoff or not shnum:
        # No section headers (stripped with sstrip or similar): fall back to the strings.
        found = {
            f"GLIBC_{m.group(1).decode()}.{m.group(2).decode()}"
            for m in GLIBC_VERSION.finditer(data)
        }
        return ElfFile(bits, machine, frozenset(found))
    sections = []
    for index in range(shnum):
        start = shoff + index * shentsize
        if start + struct.calcsize(section_format) > len(data):
            raise ValueError("section header table runs past the end of the file")
        # (name, type, flags, addr, offset, size, link, info, addralign, entsize)
        sections.append(struct.unpack_from(section_format, data, start))
    needed = set()
    for _, kind, _, _, offset, _, link, count, _, _ in sections:
        if kind == SHT_GNU_VERNEED:
            needed |= _version_needs(data, order, offset, count, strings=sections[link][4])
    return ElfFile(bits, machine, frozenset(needed))


def _version_needs(data: bytes, order: str, offset: int, count: int, strings: int) -> set[str]:
    """The names in a verneed section: `count` Elf_Verneed entries (version, cnt, file, aux,
    next), each with `cnt` Elf_Vernaux entries (hash, flags, other, name, next), the same
    16-byte layout in 32- and 64-bit files."""
    names = set()
    for _ in range(count):
        _, aux_count, _, aux, following = struct.unpack_from(order + "HHIII", data, offset)
        entry = offset + aux
        for _ in range(aux_count):
            _, _, _, name, next_aux = struct.unpack_from(order + "IHHII", data, entry)
            end = data.index(b"\0", strings + name)
            names.add(data[strings + name : end].decode("ascii", "replace"))
            entry += next_aux
        if not following:
            break
        offset += following
    return names


def elf_problems(name: str, elf: ElfFile, architecture: str, glibc: tuple[int, int]) -> list[str]:
    problems = []
    if elf.bits != 64:
        problems.append(f"{name}: {elf.bits}-bit ELF, Lambda runs 64-bit code only")
    if elf.machine != ELF_MACHINES[architecture]:
        built_for = MACHINE_NAMES.get(elf.machine, f"e_machine {elf.machine:#x}")
        problems.append(f"{name}: built for {built_for}, the function runs on {architecture}")
    if "GLIBC_PRIVATE" in elf.needed_versions:
        problems.append(f"{name}: needs GLIBC_PRIVATE, tied to one glibc build")
    if elf.glibc and elf.glibc > glibc:
        problems.append(
            f"{name}: needs GLIBC_{elf.glibc[0]}.{elf.glibc[1]}, "
            f"the runtime has glibc {glibc[0]}.{glibc[1]}"
        )
    return problems


def check_package(zip_path: Path, architecture: str, glibc: tuple[int, int]) -> PackageCheck:
    """Every ELF file in the zip (by its magic number, whatever its name: bundled libraries
    such as libpq-….so.5.17 have none ending in .so), checked against the platform."""
    elf_files, problems = [], []
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as member:
                if member.read(4) != ELF_MAGIC:
                    continue
            try:
                elf = parse_elf(archive.read(info))
            except (ValueError, IndexError, struct.error) as error:
                problems.append(f"{info.filename}: unreadable ELF file ({error})")
                continue
            elf_files.append(info.filename)
            problems.extend(elf_problems(info.filename, elf, architecture, glibc))
    return PackageCheck(architecture, glibc, tuple(elf_files), tuple(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("targets", help="'RUNTIME ARCHITECTURE' of every stage, one a line")
    target = commands.add_parser("target", help="'RUNTIME ARCHITECTURE' of a stage")
    target.add_argument("stage")
    platforms = commands.add_parser("pip-platforms", help="pip --platform values, one a line")
    platforms.add_argument("runtime", choices=sorted(RUNTIME_GLIBC))
    platforms.add_argument("architecture", choices=sorted(ELF_MACHINES))
    check = commands.add_parser("check", help="check a package's ELF files against its stage")
    check.add_argument("zip", type=Path)
    check.add_argument("stage")
    check.add_argument(
        "--architecture", choices=sorted(ELF_MACHINES), help="instead of the stage's"
    )
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (KeyError, ValueError) as error:
        parser.error(error.args[0])
    return 2  # parser.error exits; pylint does not know


def _run(args: argparse.Namespace) -> int:
    if args.command == "targets":
        settings = json.loads((ROOT / "zappa_settings.json").read_text(encoding="utf-8"))
        print("\n".join(sorted({_target(stage_config(name)) for name in settings})))
    elif args.command == "target":
        print(_target(stage_config(args.stage)))
    elif args.command == "pip-platforms":
        print("\n".join(pip_platforms(args.architecture, RUNTIME_GLIBC[args.runtime])))
    else:
        config = stage_config(args.stage)
        architecture = args.architecture or stage_architecture(config)
        result = check_package(args.zip, architecture, runtime_glibc(config))
        glibc = ".".join(map(str, result.glibc))
        if result.problems:
            print(
                f"{args.zip}: {len(result.problems)} problem(s) for {architecture}, glibc {glibc}:"
            )
            print("\n".join(f"  {problem}" for problem in result.problems))
            return 1
        print(
            f"{args.zip}: {len(result.elf_files)} ELF files, all {architecture}, glibc <= {glibc}"
        )
    return 0


def _target(config: dict) -> str:
    runtime_glibc(config)  # an unknown runtime fails here, before anything is installed
    return f"{config.get('runtime')} {stage_architecture(config)}"


if __name__ == "__main__":
    sys.exit(main())
