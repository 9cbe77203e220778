"""Regenerate ``generated/evolink_images_api`` from the spec, or check that it is up to date.

Usage::

    python scripts/generate.py generate   # rewrite generated/evolink_images_api
    python scripts/generate.py check      # exit 1, naming the files, when generated/ differs from the spec's output

Both run the pinned openapi-python-client into a temporary folder first, the way the generator checks its own
golden record, so the result never depends on what was in ``generated/`` before or on any ruff config nearby.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "evolink-images.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
PACKAGE = "evolink_images_api"
TARGET = ROOT / "generated" / PACKAGE
GENERATOR = "openapi-python-client"
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def pinned_version(distribution: str) -> str:
    """The exact version pinned for *distribution* in pyproject.toml (``name==X.Y.Z``)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(rf'"{re.escape(distribution)}==([^"]+)"', text)
    if match is None:
        sys.exit(f"pyproject.toml does not pin {distribution} with '=='; regeneration would not be reproducible")
    return match.group(1)


def check_tool_versions() -> None:
    """Refuse to run with a generator or formatter other than the pinned ones: their output would differ."""
    for tool in (GENERATOR, "ruff"):
        wanted, installed = pinned_version(tool), version(tool)
        if wanted != installed:
            sys.exit(f"{tool} {installed} is installed but pyproject.toml pins {wanted}; run `make venv`")


def generate_into(workdir: Path, *, spec: Path = SPEC) -> Path:
    """Run the generator into *workdir* and return the generated package folder."""
    out = workdir / PACKAGE
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    command = [
        str(Path(bindir) / GENERATOR),
        "generate",
        "--path", str(spec),
        "--config", str(CONFIG),
        "--meta", "none",
        "--output-path", str(out),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_dir():
        sys.exit(f"{GENERATOR} failed:\n{result.stdout}{result.stderr}")
    if "Warning" in result.stdout or "Error" in result.stdout:
        # The generator reports schemas it skipped on stdout and still exits 0: a silent hole in the client.
        sys.exit(f"{GENERATOR} reported problems with the spec:\n{result.stdout}")
    for leftover in IGNORED:
        shutil.rmtree(out / leftover, ignore_errors=True)
    (out / "py.typed").write_text("# Marker file for PEP 561.\n", encoding="utf-8")
    return out


def differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ between two trees, as 'changed: x', 'missing: y', 'unexpected: z' lines."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"missing: {prefix}{name}" for name in sorted(cmp.left_only) if name not in IGNORED)
        found.extend(f"unexpected: {prefix}{name}" for name in sorted(cmp.right_only) if name not in IGNORED)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"changed: {prefix}{name}" for name in sorted(mismatch + errors))
        for name, sub in sorted(cmp.subdirs.items()):
            if name not in IGNORED:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=sorted(IGNORED)), "")
    return found


def show_diff(expected: Path, actual: Path, relative: str, limit: int = 40) -> str:
    """The first lines of a unified diff of one changed file."""
    lines = difflib.unified_diff(
        (expected / relative).read_text(encoding="utf-8").splitlines(),
        (actual / relative).read_text(encoding="utf-8").splitlines(),
        fromfile=f"spec produces/{relative}",
        tofile=f"generated/{PACKAGE}/{relative}",
        lineterm="",
    )
    return "\n".join(list(lines)[:limit])


def check(target: Path = TARGET, *, spec: Path = SPEC) -> int:
    """Exit status 1, naming each differing file, when *target* is not what *spec* produces."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate_into(Path(tmp), spec=spec)
        if not target.is_dir():
            print(f"{target} does not exist: run `make generate`", file=sys.stderr)
            return 1
        found = differences(fresh, target)
        if not found:
            print(f"generated/{PACKAGE} matches {SPEC.relative_to(ROOT)}")
            return 0
        print(f"generated/{PACKAGE} differs from what {spec.name} produces:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        first_changed = next((line.split(": ", 1)[1] for line in found if line.startswith("changed:")), None)
        if first_changed is not None:
            print(show_diff(fresh, target, first_changed), file=sys.stderr)
        print("Never edit generated/ by hand: change the spec, then run `make generate`.", file=sys.stderr)
        return 1


def generate(target: Path = TARGET, *, spec: Path = SPEC) -> int:
    """Replace *target* with a fresh generation from *spec*."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate_into(Path(tmp), spec=spec)
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, target)
    print(f"generated/{PACKAGE} regenerated from {SPEC.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--target", type=Path, default=TARGET, help="package folder to write or check")
    parser.add_argument("--spec", type=Path, default=SPEC, help="spec to generate from")
    args = parser.parse_args(argv)
    check_tool_versions()
    if args.command == "generate":
        return generate(args.target, spec=args.spec)
    return check(args.target, spec=args.spec)


if __name__ == "__main__":
    sys.exit(main())
