"""A griffe extension for the API reference: Sphinx roles in docstrings rendered as inline code.

The wrapper's Google-style docstrings name other objects with Sphinx roles (``:class:`~evolink_images.Journal```,
``:meth:`download```), which Markdown would show verbatim (":class:Journal"). This turns each into inline code of
the name (the last part only, for a ``~`` target), as Sphinx displays it. mkdocs.yml loads it for mkdocstrings;
``exclude_docs`` keeps it out of the site.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|meth|func|data|attr|exc|mod|obj|const):`(~?)([^`]+)`")


def plain(text: str) -> str:
    """*text* with every Sphinx role replaced by inline code of its target."""

    def code(match: re.Match[str]) -> str:
        tilde, target = match.groups()
        return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"

    return ROLE.sub(code, text)


class SphinxRoles(griffe.Extension):
    """Rewrite the roles in every docstring of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package once it is loaded."""
        self._rewrite(pkg, set())

    def _rewrite(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = plain(obj.docstring.value)
        for member in obj.members.values():
            if not member.is_alias:
                self._rewrite(member, seen)  # type: ignore[arg-type]
