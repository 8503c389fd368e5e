"""``twin-validate``: the full, offline validation of a Camtrap DP package folder.

It is :func:`twin.io.validate_package` behind an argument parser: ``datapackage.json`` against
the Camtrap DP 1.0.2 profile (jsonschema) and the tables against their Table Schemas with
frictionless (types, constraints, primary and foreign keys). Writing a package checks its tables
with the faster check of :mod:`twin.io.camtrapdp_check`; this command is the independent check
to run on a package before sharing it, or on anyone's package.

Exit status: 0 = valid; 1 = invalid, one problem per line on stdout; 2 = the folder is not a
package (no folder, or no ``datapackage.json`` in it).

Example: ``twin-validate outputs/2026-12-07/10-00-00-000000/camtrap-dp``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

PROG = "twin-validate"


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``twin-validate``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Validate a Camtrap DP 1.0.2 package folder offline and in full: "
        "datapackage.json against the profile, the tables with frictionless against their "
        "Table Schemas (types, constraints, primary and foreign keys). Exit status 0 when "
        "valid, 1 listing the problems, 2 when the folder is not a package.",
    )
    parser.add_argument(
        "package_dir", metavar="PACKAGE_DIR", help="folder holding datapackage.json and its tables"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``twin-validate``; returns the exit status."""
    args = build_parser().parse_args(argv)
    folder = Path(args.package_dir)
    if not (folder / "datapackage.json").is_file():
        print(f"{PROG}: error: {folder} is not a package: no datapackage.json", file=sys.stderr)
        return 2
    from twin.io import validate_package

    problems = validate_package(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{PROG}: {folder}: invalid, {len(problems)} problems", file=sys.stderr)
        return 1
    print(f"{PROG}: {folder}: valid Camtrap DP 1.0.2 package")
    return 0


def entry_point() -> None:
    """Console-script entry point of ``twin-validate``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
