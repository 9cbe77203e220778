"""Build the release artefacts and prove they work where a user would install them (``make dist``).

1. Build the sdist and the wheel from the source tree, then build a second wheel from the sdist alone: both wheels
   must hold the same files, byte for byte (the sdist is complete).
2. ``twine check``: the metadata, README included, renders on PyPI.
3. The wheel holds both import packages and their ``py.typed``, the console script, the version from
   ``_version.py``, and nothing of the development tree (tests, scripts, benchmarks).
4. A fresh virtual environment gets the wheel and nothing else (no extras, no dev tools), and there:
   ``import evolink_images``, ``evolink-images --version``, ``evolink-images models`` and a simulator generation that
   saves a PNG carrying its provenance, with uvicorn absent.

Any failure stops with a one-line reason and exit code 1.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "wrapper" / "evolink_images" / "_version.py"
REQUIRED_IN_WHEEL = (
    "evolink_images/__init__.py",
    "evolink_images/py.typed",
    "evolink_images/cli/__init__.py",
    "evolink_images/simulator/__init__.py",
    "evolink_images/_catalogue.py",
    "evolink_images_api/__init__.py",
    "evolink_images_api/py.typed",
    "evolink_images_api/client.py",
)
REQUIRED_IN_SDIST = ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "openapi/", "wrapper/", "generated/")
NOT_IN_WHEEL = ("tests/", "contract_tests/", "scripts/", "benchmarks/", "docs/")
SMOKE_PROMPT = "a cat"


class ReleaseCheckError(Exception):
    """A release check did not pass."""


def declared_version() -> str:
    """``__version__`` as ``_version.py`` defines it (read, not imported)."""
    for node in ast.parse(VERSION_FILE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise ReleaseCheckError(f"{VERSION_FILE} defines no __version__")


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run *command* (with *env* added to the environment); its output, or ReleaseCheckError naming it."""
    environment = {**os.environ, **env} if env else None
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        shown = " ".join(str(part) for part in command)
        raise ReleaseCheckError(f"`{shown}` exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def build(dist: Path) -> tuple[Path, Path]:
    """The sdist and the wheel, built from the source tree into *dist* (emptied first)."""
    shutil.rmtree(dist, ignore_errors=True)
    run(sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", dist, ROOT)
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise ReleaseCheckError(f"expected one sdist and one wheel in {dist}, found {[p.name for p in dist.iterdir()]}")
    return sdists[0], wheels[0]


def wheel_contents(wheel: Path) -> dict[str, str]:
    """Each file of *wheel* with the SHA-256 of its bytes (the RECORD, which lists them, left out)."""
    with zipfile.ZipFile(wheel) as archive:
        return {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if not name.endswith(".dist-info/RECORD")
        }


def check_sdist_rebuilds(sdist: Path, wheel: Path, work: Path) -> None:
    """A wheel built from the sdist alone holds exactly the files of the one built from the tree."""
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "sdist", filter="data")
        names = archive.getnames()
    top = f"{sdist.name.removesuffix('.tar.gz')}/"
    missing = [item for item in REQUIRED_IN_SDIST if not any(name.startswith(top + item) for name in names)]
    if missing:
        raise ReleaseCheckError(f"the sdist lacks {missing}")
    (source,) = (work / "sdist").iterdir()
    run(sys.executable, "-m", "build", "--wheel", "--outdir", work / "rebuilt", source)
    (rebuilt,) = (work / "rebuilt").glob("*.whl")
    ours, theirs = wheel_contents(wheel), wheel_contents(rebuilt)
    if ours != theirs:
        differ = sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))
        raise ReleaseCheckError(f"the wheel rebuilt from the sdist differs in {differ[:10]}")


def check_wheel(wheel: Path, version: str) -> None:
    """Both packages, their py.typed, the console script and the version are in; the development tree is not."""
    names = set(wheel_contents(wheel))
    missing = [name for name in REQUIRED_IN_WHEEL if name not in names]
    if missing:
        raise ReleaseCheckError(f"the wheel lacks {missing}")
    stray = sorted(name for name in names if name.startswith(NOT_IN_WHEEL))
    if stray:
        raise ReleaseCheckError(f"the wheel holds development files: {stray[:10]}")
    if f"-{version}-" not in wheel.name:
        raise ReleaseCheckError(f"the wheel {wheel.name} is not version {version} (from {VERSION_FILE.name})")
    with zipfile.ZipFile(wheel) as archive:
        info = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
        if "evolink-images = evolink_images.cli:run" not in archive.read(info).decode():
            raise ReleaseCheckError("the wheel declares no evolink-images console script")


def smoke_test(wheel: Path, version: str, work: Path) -> list[str]:
    """Install the wheel alone in a fresh venv and use it there as a new user would; what was checked."""
    env = work / "venv"
    venv.create(env, with_pip=True)
    python, cli = env / "bin" / "python", env / "bin" / "evolink-images"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    run(python, "-c", "import evolink_images, evolink_images_api; evolink_images.EvoLink; evolink_images.presets")
    absent = run(python, "-c", "import importlib.util as u; print(u.find_spec('uvicorn') is None)").strip()
    if absent != "True":
        raise ReleaseCheckError("uvicorn is installed in the bare environment: the smoke test would not prove anything")
    shown = run(cli, "--version").strip()
    if shown != f"evolink-images {version}":
        raise ReleaseCheckError(f"`evolink-images --version` says {shown!r}, expected {version}")
    if "nano-banana" not in run(cli, "models"):
        raise ReleaseCheckError("`evolink-images models` does not list nano-banana")
    out = work / "images"
    # The shared simulator and the journal in the work folder, not the user's; the simulator stopped after.
    own = {"EVOLINK_SIMULATOR_HOME": str(work / "simulator"), "EVOLINK_JOURNAL": str(work / "journal.sqlite3")}
    try:
        generated = run(cli, "generate", "nano-banana", SMOKE_PROMPT, "--simulator", "--out", out, cwd=work, env=own)
    finally:
        run(cli, "simulator", "--stop", cwd=work, env=own)
    saved = generated.split()
    pngs = [Path(line) for line in saved if line.endswith(".png")]
    if len(pngs) != 1 or not pngs[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
        raise ReleaseCheckError(f"the simulator generation saved no PNG: {saved}")
    read_back = f"import evolink_images as ei; print(ei.read_metadata({str(pngs[0])!r}).prompt)"
    if run(python, "-c", read_back).strip() != SMOKE_PROMPT:
        raise ReleaseCheckError("the saved PNG does not carry its prompt")
    return ["import", "--version", "models", "generate --simulator (stdlib server)", "read_metadata"]


def main() -> int:
    """Build, check, smoke-test; exit 1 with the reason on the first failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the artefacts go")
    args = parser.parse_args()
    version = declared_version()
    try:
        with tempfile.TemporaryDirectory(prefix="evolink-release-") as scratch:
            work = Path(scratch)
            sdist, wheel = build(args.dist.resolve())
            print(f"built {sdist.name} and {wheel.name}")
            check_sdist_rebuilds(sdist, wheel, work)
            print("the sdist rebuilds the same wheel, file for file")
            run(sys.executable, "-m", "twine", "check", "--strict", sdist, wheel)
            print("twine check: the metadata renders")
            check_wheel(wheel, version)
            print("the wheel holds both packages, their py.typed, the console script and nothing else")
            checked = smoke_test(wheel, version, work)
            print(f"bare venv with the wheel alone: {', '.join(checked)}: all passed")
    except ReleaseCheckError as failure:
        print(f"make dist: FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
