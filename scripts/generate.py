"""Regenerate everything the spec produces, or check that it is up to date.

The spec produces four things: the low-level client ``generated/evolink_images_api`` (openapi-python-client), the
wrapper's model catalogue ``wrapper/evolink_images/_catalogue.py`` and the model table in ``README.md`` (both by
``scripts/catalogue.py``, from the same spec and the freshly generated client), and the documentation site's models
page ``docs/guides/models.md`` (by ``scripts/docs_models.py``, from the same compiled catalogue). The catalogue also
carries the former values of ``openapi/CHANGES.md`` (``scripts/former_values.py``), so a changelog row changes it too.

Usage::

    python scripts/generate.py generate   # rewrite all four
    python scripts/generate.py check      # exit 1, naming each file, when any differs from what the spec produces

Both run the pinned openapi-python-client into a temporary folder first, the way the generator checks its own
golden record, so the result never depends on what was there before or on any ruff config nearby. The generator runs
with ``openapi/templates/`` as its custom templates: its ``models/__init__.py`` imports each model on first use.
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
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import (
    CatalogueError,
    compile_catalogue,
    compile_error_codes,
    compile_files,
    readme_table,
    render_data_module,
    render_module,
    replace_readme_section,
)
from docs_models import models_page
from former_values import ChangesError, former_values

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "evolink-images.yaml"
CHANGES = ROOT / "openapi" / "CHANGES.md"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
# Templates that replace the generator's own of the same name (today only models/__init__.py, which imports lazily).
TEMPLATES = ROOT / "openapi" / "templates"
PACKAGE = "evolink_images_api"
TARGET = ROOT / "generated" / PACKAGE
CATALOGUE = ROOT / "wrapper" / "evolink_images" / "_catalogue.py"
README = ROOT / "README.md"
MODELS_PAGE = ROOT / "docs" / "guides" / "models.md"
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


def generate_into(workdir: Path, *, spec: Path = SPEC, templates: Path | None = TEMPLATES) -> Path:
    """Run the generator into *workdir* and return the generated package folder.

    *templates* replace the generator's own of the same name; None generates with its own only (what the tests compare
    against).
    """
    out = workdir / PACKAGE
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    command = [
        str(Path(bindir) / GENERATOR),
        "generate",
        "--path", str(spec),
        "--config", str(CONFIG),
        *(["--custom-template-path", str(templates)] if templates is not None else []),
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


@dataclass(frozen=True)
class Outputs:
    """What the spec produces: the client package (a folder), the catalogue, the README's table and the models page."""

    package: Path
    catalogue: str
    catalogue_data: str
    table: str
    models_page: str


def build(workdir: Path, *, spec: Path = SPEC, changes: Path = CHANGES) -> Outputs:
    """Generate the client into *workdir*, then compile the catalogue and the model table from the spec.

    The catalogue also carries the former values of *changes* (CHANGES.md), checked against the spec's models.
    """
    package = generate_into(workdir, spec=spec)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    try:
        models = compile_catalogue(document, package)
        files = compile_files(document)
        error_codes = compile_error_codes(document)
    except CatalogueError as exc:
        sys.exit(f"the spec cannot be compiled into the catalogue: {exc}")
    try:
        former = former_values(changes, models)
    except ChangesError as exc:
        sys.exit(f"{changes.name} cannot be compiled into the catalogue's former values: {exc}")
    ruff = Path(sys.executable).parent / "ruff"
    module = render_module(models, str(document["info"]["version"]), ruff, former, files, error_codes)
    data = render_data_module(models, ruff)
    return Outputs(package, module, data, readme_table(models), models_page(models, document))


def data_module(catalogue: Path) -> Path:
    """Where the models' full entries go: ``_catalogue_data.py`` beside the catalogue module."""
    return catalogue.with_name(f"{catalogue.stem}_data.py")


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def stale_files(outputs: Outputs, target: Path, catalogue: Path, readme: Path, page: Path = MODELS_PAGE) -> list[str]:
    """Every file that is not what the spec produces, one line each."""
    if target.is_dir():
        found = [f"{kind}: {_shown(target)}/{name}" for kind, _, name in
                 (line.partition(": ") for line in differences(outputs.package, target))]  # fmt: skip
    else:
        found = [f"missing: {_shown(target)}"]
    what = "the model catalogue or CHANGES.md's former values"
    for path, fresh in ((catalogue, outputs.catalogue), (data_module(catalogue), outputs.catalogue_data)):
        if not path.is_file():
            found.append(f"missing: {_shown(path)}")
        elif path.read_text(encoding="utf-8") != fresh:
            found.append(f"changed: {_shown(path)} (hand-edited, or stale: {what})")
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        try:
            fresh = replace_readme_section(text, outputs.table)
        except CatalogueError as exc:
            found.append(f"changed: {_shown(readme)} ({exc})")
        else:
            if fresh != text:
                found.append(f"changed: {_shown(readme)} (the model table)")
    if not page.is_file():
        found.append(f"missing: {_shown(page)}")
    elif page.read_text(encoding="utf-8") != outputs.models_page:
        found.append(f"changed: {_shown(page)} (hand-edited, or stale: the documentation's models page)")
    return found


def check(
    target: Path = TARGET,
    *,
    spec: Path = SPEC,
    catalogue: Path = CATALOGUE,
    readme: Path = README,
    models_page: Path = MODELS_PAGE,
    changes: Path = CHANGES,
) -> int:
    """Exit status 1, naming each differing file, when anything the spec produces is not what it would produce."""
    with tempfile.TemporaryDirectory() as tmp:
        outputs = build(Path(tmp), spec=spec, changes=changes)
        found = stale_files(outputs, target, catalogue, readme, models_page)
        if not found:
            print(
                f"generated/{PACKAGE}, {_shown(catalogue)}, the README's model table and {_shown(models_page)} "
                f"match {_shown(spec)}"
            )
            return 0
        print(f"these files differ from what {spec.name} produces:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        first_changed = next((line for line in found if line.startswith(f"changed: {_shown(target)}/")), None)
        if first_changed is not None:
            relative = first_changed.removeprefix(f"changed: {_shown(target)}/")
            print(show_diff(outputs.package, target, relative), file=sys.stderr)
        print("Never edit generated files by hand: change the spec, then run `make generate`.", file=sys.stderr)
        return 1


def generate(
    target: Path = TARGET,
    *,
    spec: Path = SPEC,
    catalogue: Path = CATALOGUE,
    readme: Path = README,
    models_page: Path = MODELS_PAGE,
    changes: Path = CHANGES,
) -> int:
    """Replace the client package, the catalogue, the README's table and the models page with what *spec* produces."""
    with tempfile.TemporaryDirectory() as tmp:
        outputs = build(Path(tmp), spec=spec, changes=changes)
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(outputs.package, target)
    catalogue.write_text(outputs.catalogue, encoding="utf-8")
    data_module(catalogue).write_text(outputs.catalogue_data, encoding="utf-8")
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        readme.write_text(replace_readme_section(text, outputs.table), encoding="utf-8")
    models_page.parent.mkdir(parents=True, exist_ok=True)
    models_page.write_text(outputs.models_page, encoding="utf-8")
    print(
        f"generated/{PACKAGE}, {_shown(catalogue)}, the README's model table and {_shown(models_page)} regenerated "
        f"from {_shown(spec)}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--target", type=Path, default=TARGET, help="client package folder to write or check")
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE, help="catalogue module to write or check")
    parser.add_argument("--readme", type=Path, default=README, help="README whose model table to write or check")
    parser.add_argument(
        "--models-page", type=Path, default=MODELS_PAGE, help="the documentation's models page to write or check"
    )
    parser.add_argument("--spec", type=Path, default=SPEC, help="spec to generate from")
    parser.add_argument("--changes", type=Path, default=CHANGES, help="changelog whose former values to compile")
    args = parser.parse_args(argv)
    check_tool_versions()
    run = generate if args.command == "generate" else check
    return run(
        args.target,
        spec=args.spec,
        catalogue=args.catalogue,
        readme=args.readme,
        models_page=args.models_page,
        changes=args.changes,
    )


if __name__ == "__main__":
    sys.exit(main())
