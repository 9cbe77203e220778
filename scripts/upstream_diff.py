"""Hold the spec to EvoLink's docs through a lock of what it was last reconciled against.

Usage::

    python scripts/upstream_diff.py                      # the spec against the lock, offline (part of make test)
    python scripts/upstream_diff.py --docs <docs tree>   # also: what the docs changed since the lock, page by page
    python scripts/upstream_diff.py --sync --docs <tree> # record a new lock, once the spec agrees with the tree

The lock, ``openapi/upstream.lock.json``, records every docs page the spec uses (commit, request schema, examples,
responses, text) and each passage the spec cites with the facts that depend on it (``upstream_lock``). Without
``--docs`` the spec is compared with the pages as the lock holds them, and its facts with the recorded ones; with
``--docs`` the lock is also compared with the tree (a checkout of ``Pharmacist9527/mintlify-docs``, or a tree laid
out like one, with a ``MANIFEST.tsv`` of each file's commit), and the spec with the tree: what ``--sync`` checks
before it writes. ``upstream_compare`` lists what is compared.

Exit status: 0 when there is nothing to report (or the lock was written), 1 when there is (or the spec still
disagrees with the tree: no lock is written), 2 when the docs or the lock cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from upstream_compare import Finding, compare_spec
from upstream_lock import LockError, build_lock, compare_facts, diff_lock, pages_named, read_lock, write_lock
from upstream_pages import DocsError, read_tree
from upstream_spec import spec_facts

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "evolink-images.yaml"
LOCK = ROOT / "openapi" / "upstream.lock.json"


def render(findings: Iterable[Finding], ours: str, theirs: str, *, merge: bool) -> list[str]:
    """Findings grouped by page; with *merge*, one line for the same finding on several models or pages."""
    lines: list[str] = []
    if merge:
        groups: dict[str, list[Finding]] = {}
        for finding in findings:
            groups.setdefault(replace(finding, page="", model="").render(ours, theirs), []).append(finding)
        for general, group in groups.items():
            names = list(dict.fromkeys(finding.model for finding in group))
            pages = sorted({finding.page for finding in group if finding.page})
            if len(names) == 1:
                text = replace(group[0], model=names[0]).render(ours, theirs)
            else:
                shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
                text = f"[{len(names)} models: {shown}] {general}"
            place = "" if not pages else pages[0] if len(pages) == 1 else f"{pages[0]} and {len(pages) - 1} more"
            lines.append(f"  {text}  <{place}>" if place else f"  {text}")
        return lines
    current = None
    for finding in findings:
        if finding.page != current:
            current = finding.page
            lines.append(f"  {current or '(the spec)'}")
        lines.append(f"    {finding.render(ours, theirs)}")
    return lines


def report(title: str, findings: list[Finding], ours: str, theirs: str, *, merge: bool) -> None:
    """Print one section: its title with the count, then the findings."""
    if not findings:
        print(f"upstream-diff: {title}: nothing to report")
        return
    lines = render(findings, ours, theirs, merge=merge)
    print(f"upstream-diff: {title}: {len(lines) if merge else len(findings)} difference(s)")
    print("\n".join(lines))


def against_lock(spec: Mapping[str, Any], lock: Mapping[str, Any]) -> list[Finding]:
    """The spec against the pages and facts the lock records."""
    return compare_spec(spec, lock["pages"]) + list(compare_facts(spec, lock))


def load_spec(path: Path) -> Any:
    """The spec, read with libyaml's safe loader when there is one (three times faster, same result)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def previous_lock(path: Path) -> dict[str, Any] | None:
    """The lock a sync replaces, if there is a readable one (a sync also repairs a broken lock)."""
    try:
        return read_lock(path)
    except LockError:
        return None


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, help="a docs tree: a checkout of Pharmacist9527/mintlify-docs")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the spec (default: ours)")
    parser.add_argument("--lock", type=Path, default=LOCK, help="the lock (default: openapi/upstream.lock.json)")
    parser.add_argument("--sync", action="store_true", help="write the lock from --docs, once the spec agrees with it")
    args = parser.parse_args(argv)
    if args.sync and args.docs is None:
        parser.error("--sync needs --docs <docs tree>")
    try:
        spec = load_spec(args.spec)
        # With DOCS, a missing lock still lets the spec be compared with the tree (the first sync needs that list).
        lock = previous_lock(args.lock) if args.sync or args.docs is not None else read_lock(args.lock)
        tree = None
        if args.docs is not None:
            extra = pages_named(spec_facts(spec)) | set(lock["pages"] if lock else ())
            tree = read_tree(args.docs, extra)
    except (DocsError, LockError, OSError) as exc:
        print(f"upstream-diff: {exc}", file=sys.stderr)
        return 2
    name = args.spec.name
    if args.sync:
        assert tree is not None  # noqa: S101 - parser.error above
        return sync(spec, tree, lock, args)
    failed = lock is None
    if lock is None:
        print(f"upstream-diff: no readable lock at {args.lock}: the spec is compared with the docs alone")
    else:
        found = against_lock(spec, lock)
        report(f"{name} against the lock ({args.lock.name})", found, "ours", "lock", merge=True)
        failed |= bool(found)
    if tree is not None:
        changed = diff_lock(lock, tree) if lock is not None else []
        if lock is not None:
            title = f"what the docs in {args.docs} changed since the lock, page by page"
            report(title, changed, "lock", "docs", merge=False)
        spec_vs_docs = compare_spec(spec, tree["pages"])
        report(
            f"{name} against the docs in {args.docs} (what upstream-sync checks)",
            spec_vs_docs,
            "ours",
            "docs",
            merge=True,
        )
        failed |= bool(changed or spec_vs_docs)
    if failed:
        print(
            "Follow the docs in the spec (or record a deliberate difference in x-evolink-upstream: {docs, ours, why}),"
            " make generate, then make upstream-sync DOCS=<docs tree> to record the lock."
        )
        return 1
    return 0


def sync(spec: Mapping[str, Any], tree: Mapping[str, Any], lock: Mapping[str, Any] | None, args: Any) -> int:
    """Write the lock from the tree, unless the spec still disagrees with it."""
    disagreements = compare_spec(spec, tree["pages"])
    if disagreements:
        report(f"{args.spec.name} against the docs in {args.docs}", disagreements, "ours", "docs", merge=True)
        print(
            f"upstream-sync: refused: the spec still disagrees with {args.docs} where no recorded difference explains"
            " it (above). Reconcile the spec, make generate, and run upstream-sync again."
        )
        return 1
    new = build_lock(spec, tree)
    changes = len(diff_lock(lock, tree)) if lock else None
    write_lock(args.lock, new)
    again = against_lock(spec, read_lock(args.lock))
    if again:  # the lock just written must hold the spec as it is
        report("the new lock", again, "ours", "lock", merge=True)
        return 1
    what = "a new lock" if changes is None else f"{changes} change(s) of the docs"
    print(f"upstream-sync: wrote {args.lock} ({what}; {len(new['pages'])} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
