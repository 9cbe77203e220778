"""A copy of the wrapper package whose catalogue holds several times today's models: start-up against catalogue size.

Each model of the catalogue is cloned under new names (``<id>-x2``, its aliases and former ids likewise) and the copy's
``_catalogue.py`` and ``_catalogue_data.py`` are rendered by the generator's own ``render_module`` and
``render_data_module``, so they are what ``make generate`` would write for a spec with that many models. The rest of the package is copied as it is. The generated client
(``evolink_images_api``) is not copied: it stays the installed one, with today's request classes.

Used by ``benchmarks/startup.py`` (the import time of 1x and 10x catalogues) and ``tests/test_lazy_catalogue.py``
(what an import of a 10x catalogue builds).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT

__all__ = ["WRAPPER", "scaled_models", "write_package"]

WRAPPER = ROOT / "wrapper" / "evolink_images"


def _generator() -> Any:
    """scripts/catalogue.py, imported as `make generate` imports it."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("catalogue")


def scaled_models(models: list[dict[str, Any]], factor: int) -> list[dict[str, Any]]:
    """*models*, then *factor* - 1 clones of each under new ids, former ids and aliases (``-x2``, ``-x3``, ...)."""
    scaled = [dict(model) for model in models]
    for copy in range(2, factor + 1):
        for model in models:
            suffix = f"-x{copy}"
            scaled.append({
                **model,
                "id": model["id"] + suffix,
                "former_ids": [name + suffix for name in model["former_ids"]],
                "aliases": [name + suffix for name in model["aliases"]],
            })  # fmt: skip
    return scaled


def write_package(destination: Path, factor: int) -> Path:
    """A copy of evolink_images under *destination* with a catalogue of *factor* times the models; *destination*.

    Put *destination* first on ``PYTHONPATH`` and ``import evolink_images`` imports the copy.
    """
    from evolink_images import _catalogue, _presets  # noqa: PLC0415 - the catalogue of this checkout

    package = destination / "evolink_images"
    shutil.copytree(WRAPPER, package, ignore=shutil.ignore_patterns("__pycache__"))
    codes = {
        "task_error_codes": _catalogue.TASK_ERROR_CODES,
        "moderation_http_codes": list(_catalogue.MODERATION_HTTP_CODES),
        "credit_limit_codes": _catalogue.CREDIT_LIMIT_CODES,
    }
    models = scaled_models(_presets.catalogue_data(), factor)
    ruff = Path(sys.executable).parent / "ruff"
    module = _generator().render_module(
        models,
        _catalogue.SPEC_VERSION,
        ruff,
        list(_catalogue.FORMER_VALUES),
        dict(_catalogue.FILES),
        codes,
    )
    (package / "_catalogue.py").write_text(module, encoding="utf-8")
    (package / "_catalogue_data.py").write_text(_generator().render_data_module(models, ruff), encoding="utf-8")
    return destination
