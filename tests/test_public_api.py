"""The public surface is what it says: every module's ``__all__`` lists exactly the public names it defines."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import evolink_images as ei
import pytest

WRAPPER = Path(__file__).resolve().parent.parent / "wrapper" / "evolink_images"
MODULES = sorted(
    ".".join(("evolink_images", *path.relative_to(WRAPPER).with_suffix("").parts)).removesuffix(".__init__")
    for path in WRAPPER.rglob("*.py")
    if path.name not in {"__main__.py", "_catalogue.py", "_catalogue_data.py"}
)
NOT_EXPORTED = {"log", "T"}  # the module's logger and type variables


def defined_public_names(module_name: str) -> set[str]:
    """The public names a module defines itself: classes, functions and assignments at the top level."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_") and name not in NOT_EXPORTED}


@pytest.mark.parametrize("module_name", MODULES)
def test_all_lists_exactly_the_public_names_the_module_defines_and_they_exist(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = set(module.__all__)
    assert all(hasattr(module, name) for name in exported), sorted(n for n in exported if not hasattr(module, n))
    if module_name == "evolink_images" or module_name.endswith(("cli", "simulator", "testing")):
        return  # a package's __init__ re-exports what its modules define
    assert defined_public_names(module_name) <= exported, sorted(defined_public_names(module_name) - exported)


def test_the_package_exports_every_error_and_its_main_types() -> None:
    from evolink_images import _errors  # noqa: PLC0415

    errors = {name for name in _errors.__all__ if isinstance(getattr(_errors, name), type)}
    assert errors <= set(ei.__all__), sorted(errors - set(ei.__all__))
    for name in ("EvoLink", "AsyncEvoLink", "Task", "TaskStatus", "presets", "ResumeOutcome", "WebhookError"):
        assert name in ei.__all__ and getattr(ei, name) is not None
    from evolink_images.webhooks import WebhookError  # noqa: PLC0415

    assert WebhookError is ei.WebhookError, "one WebhookError, beside the other errors"


def imports_between_modules() -> list[tuple[str, str, str]]:
    """(importing module, imported module, name) for every ``from .x import name`` inside the package."""
    found = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        path = Path(module.__file__ or "")
        package = module_name if path.name == "__init__.py" else module_name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                found += [(module_name, target, alias.name) for alias in node.names]
    return found


def test_modules_import_from_each_other_only_what_is_exported() -> None:
    unexported = [
        f"{importer} imports {name} from {target}"
        for importer, target, name in imports_between_modules()
        if target != "evolink_images._catalogue"
        and hasattr(module := importlib.import_module(target), "__all__")
        and name not in module.__all__
        and not isinstance(getattr(module, name, None), type(ast))  # a submodule
    ]
    assert unexported == []
