"""The ``evolink-images`` command line: its commands, their options, and how errors become exit codes.

Its commands: models, generate, follow-up, status, wait, info, credits, batch, resume, history, upload, files quota,
simulator.

Exit codes: 0 success; 1 the API or the files service refused (a full file quota too: nothing was created; a 402
names the limit that ran out), the task failed, or a batch would cost more than the balance; 2 bad usage, an invalid
parameter or a local image the files service would not take (nothing was sent); 3 refused by moderation (the task
failed with a moderation code, or the API refused the prompt or image): sending the same input again will not help,
and the error says whether it was charged; 130 interrupted (a submitted task keeps running and can be picked up with
``wait``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .._async_client import AsyncEvoLink
from .._batch import BatchFile, sending
from .._client import EvoLink
from .._errors import (
    ContentPolicyError,
    EvoLinkError,
    EvoLinkWarning,
    FilesQuotaError,
    InsufficientCreditsError,
    TaskFailedError,
    TaskTimeoutError,
    ValidationError,
)
from .._http import resolve_api_key, resolve_base_url
from .._journal import Journal, default_journal_path
from .._metadata import read_metadata
from .._presets import presets
from .._task import Task
from . import _batch_commands as batch_commands
from . import _files_commands as files_commands
from . import _shared as shared
from ._checks import OptionError, check_options
from ._costs import (
    balance_lines,
    charge_line,
    covers,
    credits_json,
    credits_text,
    estimate_json,
    estimate_lines,
    insufficient_hint,
    moderation_lines,
    refund_line,
)
from ._deferred import DeferredParser
from ._fields import DEST_PREFIX, FLAGS_DEST, ParamError, add_field_options, field_values, prompt_help
from ._follow_up import add_follow_up_arguments, follow_up_params
from ._images import ImageError, add_image_options, follow_up_images, generate_images, validate_locally
from ._messages import refusal, setup_error
from ._parsing import (
    CommandLineError,
    ShellParser,
    add_global_options,
    chosen_command,
    share_global_options,
    unknown_command,
    unknown_option,
)
from ._progress import ProgressDisplay
from ._render import metadata_json, metadata_text, models_json, models_table, selected, task_json
from ._shared import SIMULATOR_KEY, SIMULATOR_SPEED, SharedOptionError
from ._since import SINCE_HELP, SinceError, parse_since

__all__ = [
    "COMMANDS",
    "SIMULATOR_KEY",
    "SIMULATOR_SPEED",
    "UsageError",
    "build_parser",
    "cmd_batch",
    "cmd_credits",
    "cmd_files",
    "cmd_follow_up",
    "cmd_generate",
    "cmd_history",
    "cmd_info",
    "cmd_models",
    "cmd_resume",
    "cmd_simulator",
    "cmd_status",
    "cmd_upload",
    "cmd_wait",
    "main",
    "run",
]

if TYPE_CHECKING:
    from .._credits import Credits
    from ..simulator import Simulator

T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MODERATION, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_MASK_HELP = (
    "the mask, a local file or a URL, put where the model takes one (mask_url; Midjourney's model_params.mask.url)"
)
_TIMEOUT_HELP = (
    "seconds to wait for each task (default: the model's own: 600, or 1.5 times its documented longest, "
    "1800 for Midjourney)"
)


class UsageError(Exception):
    """A command-line mistake: printed as one line, exit code 2."""


def _say(text: str) -> None:
    print(text, file=sys.stderr)


# ----------------------------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = ShellParser(
        prog="evolink-images",
        description="Generate images with EvoLink's API (set EVOLINK_API_KEY), or try it offline with --simulator. "
        "The options below work after the command too.",
    )
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=DeferredParser)

    models = commands.add_parser("models", help="list the models by family, with their sizes and limits")
    models.add_argument("name", nargs="?", help="only this family of models, or this model (id or alias)")
    models.add_argument("--json", action="store_true", help="print JSON Lines: one model a line")

    generate = commands.add_parser(
        "generate",
        help="generate images and download them",
        description="Generate images and download them. The model options below come from the spec's catalogue; "
        "each says which models take it and what they allow.",
    )
    generate.defer(_generate_options)

    follow_up = commands.add_parser(
        "follow-up",
        help="work on one image of a finished task (Midjourney: upscale, variation, ...), then download the result",
        description="Work on one image of a finished task: upscale it, vary it, pan, zoom out, remix, edit. The "
        "operation's model follows from the task's series; the task is fetched first, and the request is checked "
        "before anything is sent. The operations and their parameters: `evolink-images models midjourney`.",
    )
    follow_up.defer(_follow_up_options)

    status = commands.add_parser("status", help="show a task's state")
    status.add_argument("task_id")
    status.add_argument("--json", action="store_true", help="print the task as one JSON object")
    _simulator_option(status, "ask the shared built-in simulator (where --simulator commands sent their tasks)")

    wait = commands.add_parser("wait", help="wait for a task submitted elsewhere, then download its results")
    wait.add_argument("task_id")
    _wait_options(wait)
    _journal_options(wait)
    _simulator_option(wait, "wait at the shared built-in simulator (for a task a --simulator command sent)")

    info = commands.add_parser("info", help="show how a saved image was made (what download recorded in or beside it)")
    info.add_argument("file", type=Path, help="an image saved by evolink-images")
    info.add_argument("--json", action="store_true", help="print JSON")

    _add_credits_command(commands)
    _add_journal_commands(commands)
    _add_files_commands(commands)

    _add_simulator_command(commands)
    share_global_options(parser)  # after every command is built: --base-url and the others work after it too
    return parser


def _generate_options(generate: argparse.ArgumentParser) -> None:
    """The generate command's arguments: the model, the prompt, and an option per common field of the catalogue."""
    generate.add_argument("model", help="model id or alias (see `evolink-images models`)")
    generate.add_argument("prompt", nargs="?", help=prompt_help() + "; optional only where the model says so")
    generate.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="send without the client-side checks (also lets a model id the catalogue lacks through); warns",
    )
    _wait_options(generate)
    _journal_options(generate)
    _simulator_option(generate)
    generate.add_argument(
        "--estimate",
        action="store_true",
        help="check the request, print what it is expected to cost (and its basis) and the balance; send nothing "
        "that costs money (only the free balance read, and none without a key)",
    )
    add_field_options(generate)
    add_image_options(generate, images_dest=DEST_PREFIX + "image_urls", mask_help=_MASK_HELP)


def _follow_up_options(follow_up: argparse.ArgumentParser) -> None:
    """The follow-up command's arguments: the task, the operation (from the catalogue's series) and its options."""
    add_follow_up_arguments(follow_up)
    add_image_options(follow_up, images_dest="images", mask_help=_MASK_HELP.replace("mask_url; ", "edit, inpaint: "))
    _wait_options(follow_up)
    _journal_options(follow_up)
    _simulator_option(follow_up)


def _add_credits_command(commands: Any) -> None:
    """The credits command."""
    credits = commands.add_parser(
        "credits",
        help="show the balance: the account's and this key's remaining and used credits",
        description="Show the balance (GET /v1/credits, which costs nothing): the account's remaining and used "
        "credits, this key's (or that it has no spending limit), and what can be spent now, the smaller of the two.",
    )
    credits.add_argument("--json", action="store_true", help="print JSON")
    _simulator_option(credits, "ask the shared built-in simulator (its account starts with 10,000 credits)")


def _add_simulator_command(commands: Any) -> None:
    """The simulator command: its server, speed, faults and account."""
    simulator = commands.add_parser(
        "simulator",
        help="serve the EvoLink simulator on 127.0.0.1; or start, show or stop the shared one --simulator uses",
        description="Serve the EvoLink simulator on 127.0.0.1 until Ctrl-C. The shared simulator, which every "
        "--simulator command uses (and the first of them starts), runs in the background: --start starts it with "
        "the options below, --status shows it, --stop stops it (its tasks are forgotten).",
    )
    shared = simulator.add_mutually_exclusive_group()
    shared.add_argument(
        "--start",
        action="store_true",
        help="start the shared simulator in the background with these options (unless it runs); print its URL",
    )
    shared.add_argument("--status", action="store_true", help="show the shared simulator: where, since when, its work")
    shared.add_argument("--stop", action="store_true", help="stop the shared simulator; its tasks are forgotten")
    shared.add_argument("--shared", action="store_true", help=argparse.SUPPRESS)  # the shared simulator's process
    simulator.add_argument("--port", type=int, help="the port to serve on (default 8787; the shared one keeps its own)")
    simulator.add_argument(
        "--server", choices=("auto", "uvicorn", "stdlib"), default="auto", help="auto: uvicorn if installed"
    )
    simulator.add_argument(
        "--speed",
        type=float,
        help="tasks run this many times faster (default 15; the shared one: $EVOLINK_SIMULATOR_SPEED, else 15)",
    )
    simulator.add_argument(
        "--idle-timeout",
        type=float,
        metavar="SECONDS",
        help="the shared simulator stops after this many seconds without a request "
        "(default: $EVOLINK_SIMULATOR_IDLE_TIMEOUT, else 1800)",
    )
    simulator.add_argument("--duration", type=float, help="every task takes exactly this many seconds")
    simulator.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every answer, like a network round trip"
    )
    simulator.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, e.g. 'rate_limit,route=create,count=2' (repeat; see --list-faults)",
    )
    simulator.add_argument("--list-faults", action="store_true", help="list the fault kinds and exit")
    simulator.add_argument(
        "--progress",
        default="linear",
        metavar="CURVE",
        help="how reported progress grows: linear (default), stuck, steps, front or none",
    )
    simulator.add_argument(
        "--honour-idempotency-keys",
        action="store_true",
        help="answer a repeated Idempotency-Key with its first answer (off: a create sent twice is two tasks)",
    )
    simulator.add_argument(
        "--allow-http-callbacks", action="store_true", help="test-only: allow http:// loopback callbacks"
    )
    simulator.add_argument("--balance", type=float, help="the account's credits at start (default: 10000)")
    simulator.add_argument("--key-limit", type=float, help="each key's total spending limit (default: unlimited)")
    simulator.add_argument("--key-daily-limit", type=float, help="each key's spending limit per day (default: none)")


def _add_journal_commands(commands: Any) -> None:
    """The batch, resume and history commands."""
    batch = commands.add_parser("batch", help="run many requests from a JSONL file, resumably")
    batch.add_argument("file", type=Path, help='one JSON object per line: {"model", "prompt", "params", "key"}')
    batch.add_argument("--concurrency", type=int, default=4, help="lines in flight at once (default: %(default)s)")
    batch.add_argument("--out", type=Path, default=Path("evolink-output"), help="folder for the images and index.html")
    batch.add_argument(
        "--max-credits",
        type=float,
        help="stop submitting once this run's charged credits, plus those still reserved, would pass X",
    )
    batch.add_argument(
        "--dry-run",
        action="store_true",
        help="validate every line and print what would be sent, each line's estimate, the totals and the balance",
    )
    batch.add_argument(
        "--ignore-balance",
        action="store_true",
        help="start even when the estimate of the lines to send is more than the balance available",
    )
    batch.add_argument("--timeout", type=float, help=_TIMEOUT_HELP)
    batch.add_argument(
        "--retry-failed",
        action="store_true",
        help="send lines whose earlier task failed again, where a new task may help; the others (a moderation "
        "refusal, bad input) are listed with why",
    )
    batch.add_argument(
        "--retry-all-failed",
        action="store_true",
        help="send every line whose earlier task failed again, whatever it failed with",
    )
    batch.add_argument(
        "--retry-lost",
        action="store_true",
        help="send lines whose task the API no longer knows (lost: it answered 404) again, once; such a task may "
        "have been charged before it was forgotten",
    )
    batch.add_argument(
        "--resubmit-ambiguous",
        action="store_true",
        help="resend lines that never got an answer, with their original Idempotency-Key",
    )
    batch.add_argument(
        "--shard",
        metavar="K/N",
        help="send only shard K of N: the lines whose key falls in it by a stable hash (to split a batch across "
        "machines, each with its own journal)",
    )
    _simulator_option(batch)
    _metadata_option(batch)
    _journal_options(batch, optional=False)

    resume = commands.add_parser("resume", help="finish every unfinished request in the journal")
    resume.add_argument("--out", type=Path, help="folder for the images (default: where each request asked)")
    resume.add_argument("--timeout", type=float, help=_TIMEOUT_HELP)
    resume.add_argument(
        "--resubmit-ambiguous",
        action="store_true",
        help="resend requests that never got an answer, with their original Idempotency-Key",
    )
    _metadata_option(resume)
    _journal_options(resume, optional=False)
    _simulator_option(resume, "finish the requests sent to the shared built-in simulator (and only those)")

    history = commands.add_parser("history", help="list recent requests from the journal, or what they cost")
    history.add_argument("--limit", type=int, default=20)
    history.add_argument(
        "--json",
        action="store_true",
        help="print JSON Lines: one request a line (with --since: one JSON object, the totals)",
    )
    history.add_argument(
        "--since",
        metavar="WHEN",
        help=f"print the credits reserved, charged and refunded since WHEN, per model and per day: {SINCE_HELP}",
    )
    _journal_options(history, optional=False)
    _simulator_option(history, "only the requests sent to the shared built-in simulator (with --since: their costs)")


def _add_files_commands(commands: Any) -> None:
    """The upload and files commands."""
    upload = commands.add_parser(
        "upload",
        help="upload local images to EvoLink's files service; print each URL and expiry",
        description="Upload local images (JPEG, PNG, GIF or WebP) to EvoLink's files service and print each one's "
        "public URL and expiry (72 hours on). Each file is checked first; nothing is uploaded when one is refused. "
        "An upload costs no credits; it takes a slot of the key's file quota until it expires.",
    )
    upload.add_argument("files", nargs="+", metavar="FILE", help="an image file (repeat for several)")
    upload.add_argument("--json", action="store_true", help="print JSON Lines: one uploaded file a line")
    _simulator_option(upload, "upload to the shared built-in simulator: no key, no cost")
    _journal_options(upload)

    files = commands.add_parser("files", help="the files service: files quota")
    actions = files.add_subparsers(dest="files_command", required=True, metavar="ACTION")
    quota = actions.add_parser("quota", help="how many files the key stores on the files service, and may")
    quota.add_argument("--json", action="store_true", help="print JSON")
    _simulator_option(quota, "ask the shared built-in simulator")


_SIMULATOR_HELP = (
    "run against the shared built-in simulator: no key, no cost; started on first use, its tasks outlive the command "
    "(`evolink-images simulator --stop` stops it)"
)


def _simulator_option(parser: argparse.ArgumentParser, text: str = _SIMULATOR_HELP) -> None:
    parser.add_argument("--simulator", action="store_true", help=text)


def _journal_options(parser: argparse.ArgumentParser, *, optional: bool = True) -> None:
    parser.add_argument("--journal", type=Path, help="journal file (default: $EVOLINK_JOURNAL or the user data folder)")
    if optional:
        parser.add_argument("--no-journal", action="store_true", help="do not record requests in the journal")


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("evolink-output"), help="folder for the images (default: %(default)s)"
    )
    parser.add_argument("--timeout", type=float, help=_TIMEOUT_HELP)
    parser.add_argument("--poll-interval", type=float, help="fixed seconds between polls (default: adaptive)")
    parser.add_argument("--no-download", action="store_true", help="print the result URLs, do not download")
    _metadata_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")


def _metadata_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-metadata",
        dest="metadata",
        action="store_false",
        help="save the images exactly as served, without how they were made (prompt, model, parameters, task): "
        "by default a PNG carries it in text chunks and other formats in a <file>.json beside them",
    )


# ----------------------------------------------------------------------------------------------- commands
@contextmanager
def _endpoint(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None, str | None]]:
    """The API key, base URL and files base URL: the built-in simulator's with --simulator, else the configured ones.

    The simulator serves the files service too, at its own URL: a simulated run never uploads to EvoLink.
    """
    if not getattr(args, "simulator", False):
        yield None, args.base_url, args.files_base_url
        return
    url = _shared_simulator()
    yield SIMULATOR_KEY, url, url


def _shared_simulator() -> str:
    """The shared simulator's URL (started now when none answers): every --simulator command's API."""
    return shared.shared_url()


def _journal(args: argparse.Namespace) -> Journal | None:
    """The journal: on by default (--simulator runs too: their rows name the simulator), off with --no-journal."""
    if getattr(args, "no_journal", False):
        return None
    if getattr(args, "journal", None):
        return Journal(args.journal)
    return Journal()


@contextmanager
def _client(
    args: argparse.Namespace, *, journal: Journal | bool | None = True, stand_in_key: bool = False
) -> Iterator[EvoLink]:
    """The client for *args*: with the command's journal (True), none (False, None), or the *journal* given.

    *stand_in_key*: a command that sends nothing when no key is set (``generate --estimate``) gets a client all the
    same, holding a stand-in key that no request may carry (:func:`_balance` sends none then).
    """
    # One that cannot be opened is a JournalError (exit 1).
    log = journal if isinstance(journal, Journal) else _journal(args) if journal else None
    with _endpoint(args) as (api_key, base_url, files_base_url):
        key = _NO_KEY if stand_in_key else api_key
        try:
            client = EvoLink(key, base_url=base_url, journal=log, files_base_url=files_base_url)
        except EvoLinkError as exc:  # no key, or a malformed base URL: a set-up mistake, not an API failure
            raise UsageError(setup_error(exc, args)) from None
        with client:
            yield client


# What a keyless client holds in place of a key; it sends nothing with it.
_NO_KEY = "no-key-set-nothing-is-sent"


def _has_key(args: argparse.Namespace) -> bool:
    """True when requests can carry a key: the built-in simulator answers, or ``$EVOLINK_API_KEY`` holds one."""
    if getattr(args, "simulator", False):
        return True
    try:
        resolve_api_key(None)
    except EvoLinkError:
        return False
    return True


def _finish(client: EvoLink, task: Task, args: argparse.Namespace) -> int:
    """Wait for *task*, download its results, and print them."""
    display = ProgressDisplay(timeout=args.timeout)
    try:
        task = client.wait(task, timeout=args.timeout, poll_interval=args.poll_interval, on_progress=display)
    except KeyboardInterrupt:
        display.finish()
        where, before, after = _where(args, client)
        _say(f"Interrupted. Task {task.id} is still running {where}; pick it up with:")
        _say(f"  evolink-images {before}wait {task.id} --out {args.out}{after}")
        return EXIT_INTERRUPTED
    finally:
        display.finish()
    _say(charge_line(task))
    files = None if args.no_download else client.download(task, args.out, metadata=args.metadata)
    if args.json:
        print(task_json(task, files))
    else:
        for line in files if files is not None else task.results:
            print(line)
    return EXIT_OK


def _where(args: argparse.Namespace, client: EvoLink | AsyncEvoLink) -> tuple[str, str, str]:
    """Where this command's tasks run, and what goes before and after a command that reaches them there."""
    return shared.interrupted_where(getattr(args, "simulator", False), client.base_url, args.base_url)


def cmd_generate(args: argparse.Namespace) -> int:
    """Validate the request, then submit, wait, download."""
    try:
        params = field_values(args)
    except ParamError as exc:
        raise UsageError(str(exc)) from None
    generate_images(args, params, getattr(args, FLAGS_DEST))  # local files checked: nothing sent yet
    if args.validate or args.estimate:
        validate_locally(args.model, args.prompt, params)  # before the simulator starts or anything is sent
    if args.estimate:
        return _estimate(args, params)
    with _client(args) as client:
        task = client.submit(args.model, args.prompt, validate=args.validate, out_dir=args.out, **params)
        _say(f"submitted {task.id} ({task.model}), {task.credits_reserved} credits reserved")
        return _finish(client, task, args)


def _estimate(args: argparse.Namespace, params: dict[str, Any]) -> int:
    """``generate --estimate``: what the request is expected to cost, and the balance; nothing paid is sent."""
    keyless = not _has_key(args)
    with _client(args, stand_in_key=keyless) as client:
        estimate = client.estimate(args.model, args.prompt, **params)
        credits, why = _balance(client, keyless=keyless)
    if args.json:
        shown = credits_json(credits) if credits is not None else None
        payload = {"estimate": estimate_json(estimate), "balance": shown, "balance_unknown": why or None}
        print(json.dumps(payload, indent=2))
        return EXIT_OK
    lines = estimate_lines(estimate)
    if credits is None:
        lines.append(f"balance: unknown ({why})")
    else:
        lines += ["balance:", *balance_lines(credits)]
        lines.append(covers(estimate.reserved, credits.available))
    print("\n".join(lines))
    return EXIT_OK


def _balance(client: EvoLink, *, keyless: bool) -> tuple[Credits | None, str]:
    """The balance, or None and why it is unknown (no key, or the read failed: an estimate goes on without it)."""
    if keyless:  # the client holds a stand-in key: nothing is sent with it
        return None, "no EVOLINK_API_KEY is set"
    try:
        return client.credits(), ""
    except EvoLinkError as exc:
        return None, f"it could not be read: {exc}"


def cmd_credits(args: argparse.Namespace) -> int:
    """Print the balance."""
    with _client(args, journal=False) as client:
        credits = client.credits()
    print(json.dumps(credits_json(credits), indent=2) if args.json else credits_text(credits))
    return EXIT_OK


def cmd_follow_up(args: argparse.Namespace) -> int:
    """Fetch the parent, plan and check the follow-up, then submit, wait, download."""
    try:
        params = follow_up_params(args)
    except ParamError as exc:
        raise UsageError(str(exc)) from None
    follow_up_images(args, params)  # local files checked before the task is fetched
    with _client(args) as client:
        task = client.follow_up(args.task_id, args.operation, out_dir=args.out, **params)
        _say(f"submitted {task.id} ({task.model} of {args.task_id}), {task.credits_reserved} credits reserved")
        return _finish(client, task, args)


def cmd_wait(args: argparse.Namespace) -> int:
    """Wait for an existing task, then download."""
    with _client(args) as client:
        return _finish(client, client.get_task(args.task_id), args)


def cmd_status(args: argparse.Namespace) -> int:
    """Print a task's state."""
    with _client(args) as client:
        task = client.get_task(args.task_id)
    if args.json:
        print(task_json(task))
        return EXIT_OK
    print(f"{task.id}  {task.model}  {task.status}  {task.progress}%")
    if task.error:
        print(f"error: {task.error.code}: {task.error.message}")
    for url in task.results:
        print(url)
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """Print how a saved image was made."""
    try:
        metadata = read_metadata(args.file)
    except OSError as exc:  # missing, a folder, unreadable
        raise UsageError(f"{args.file}: {exc.strerror or exc}") from None
    except ValueError as exc:
        _say(f"error: {exc}")
        return EXIT_FAILED
    if metadata is None:
        _say(f"{args.file}: no evolink-images metadata (saved with --no-metadata, or not saved by evolink-images)")
        return EXIT_FAILED
    print(metadata_json(args.file, metadata) if args.json else metadata_text(args.file, metadata))
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    """Print the models, or those of one family, or one model."""
    chosen = selected(args.name)
    if not chosen:
        families = ", ".join(presets.families())
        raise UsageError(f"no model or family named {args.name!r}; families: {families} (or any model id or alias)")
    if args.json:  # JSON Lines: one model a line
        for model in models_json(chosen):
            print(json.dumps(model))
        return EXIT_OK
    print(models_table(chosen))
    return EXIT_OK


def cmd_simulator(args: argparse.Namespace) -> int:
    """Serve the simulator until Ctrl-C; or start, show, stop the shared one (``--start``, ``--status``, ``--stop``)."""
    from ..simulator import (  # noqa: PLC0415 - loaded only when used
        FAULT_KINDS,
        PROGRESS_CURVES,
        Simulator,
        SimulatorConfig,
        SimulatorServer,
        parse_fault,
    )

    if args.list_faults:
        for kind, description in FAULT_KINDS.items():
            print(f"{kind:<15} {description}")
        return EXIT_OK
    if args.status:
        return shared.status_shared(args)
    if args.stop:
        return shared.stop_shared(args)
    try:
        faults = [parse_fault(spec) for spec in args.fault]
    except ValueError as exc:
        raise UsageError(f"--fault: {exc}") from None
    if args.progress not in PROGRESS_CURVES:
        raise UsageError(f"--progress: {args.progress!r} is not one of {', '.join(PROGRESS_CURVES)}")
    if args.start:  # checked above: a bad option is refused here, not in the background
        return shared.start_shared(args)
    speed = args.speed if args.speed is not None else SIMULATOR_SPEED
    config = SimulatorConfig(
        speed=speed,
        duration=args.duration,
        allow_http_callbacks=args.allow_http_callbacks,
        progress=args.progress,
        honour_idempotency_keys=args.honour_idempotency_keys,
        latency=args.latency,
        key_limit=args.key_limit,
        key_daily_limit=args.key_daily_limit,
        **({"balance": args.balance} if args.balance is not None else {}),
    )
    simulator = Simulator(config)
    simulator.faults.add(*faults)
    port = args.port if args.port is not None else _PORT
    if args.shared:
        return _serve_shared(simulator, port, speed, args.idle_timeout)
    try:
        server = SimulatorServer(simulator, port=port, backend=args.server)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    except RuntimeError as exc:
        raise UsageError(str(exc)) from None
    _say(f"EvoLink simulator on {server.url} (speed x{speed:g}); any Bearer key works. Ctrl-C stops it.")
    _say(f"  export EVOLINK_BASE_URL={server.url} EVOLINK_API_KEY=simulator")
    with suppress(KeyboardInterrupt):
        server.serve_forever()
    return EXIT_OK


_PORT = 8787  # the foreground simulator's


def _serve_shared(simulator: Simulator, port: int, speed: float, idle_timeout: float | None) -> int:
    """Serve as the shared simulator (the process ``--simulator`` starts), until idle or stopped."""
    from ..simulator._daemon import serve_shared  # noqa: PLC0415 - loaded only when used
    from ..simulator._home import simulator_home  # noqa: PLC0415 - loaded only when used

    timeout = idle_timeout if idle_timeout is not None else shared.idle_timeout()
    try:
        serve_shared(simulator, simulator_home(), port=port, speed=speed, idle_timeout=timeout)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    return EXIT_OK


def cmd_upload(args: argparse.Namespace) -> int:
    """Check every file, then upload each and print its URL and expiry."""
    files_commands.check_uploads(args.files)  # before the simulator starts or anything is sent
    with _client(args) as client:
        return files_commands.cmd_upload(args, client)


def cmd_files(args: argparse.Namespace) -> int:
    """The files service's actions: ``quota``."""
    with _client(args) as client:
        return files_commands.cmd_files_quota(args, client)


def cmd_batch(args: argparse.Namespace) -> int:
    """Validate a batch file, then run it (or only print it, with --dry-run) on the async client with the journal."""
    lines = _run_problem(batch_commands.load_lines, args)
    heading = batch_commands.shard_line(lines)
    if heading is not None:
        print(heading, file=sys.stdout if args.dry_run else sys.stderr)
    if args.dry_run:
        return _dry_run(args, lines)
    if not lines.lines:
        _say("nothing to send: no line of the file is in this shard")
        return EXIT_OK
    with _endpoint(args) as (api_key, base_url, files_base_url):
        journal = Journal(args.journal) if args.journal else Journal()
        try:
            client = AsyncEvoLink(api_key, base_url=base_url, journal=journal, files_base_url=files_base_url)
        except EvoLinkError as exc:
            raise UsageError(setup_error(exc, args)) from None
        try:
            return batch_commands.cmd_batch(args, lines, client)
        except KeyboardInterrupt:
            where, before, after = _where(args, client)
            _say(
                f"Interrupted. The tasks already created keep running {where}: the same batch command finishes "
                f"them and sends the lines not sent yet; `evolink-images {before}resume{after}` finishes only them."
            )
            return EXIT_INTERRUPTED


def _dry_run(args: argparse.Namespace, lines: BatchFile) -> int:
    """``batch --dry-run``: every line with its estimate, the totals and the balance; nothing paid is sent.

    The journal is read when it exists (for estimates learned from it, and for the lines a run would not send
    again), never created. Without a key, the balance is unknown and nothing at all is sent. The lines are read from
    the file as they are estimated.
    """
    path = args.journal or default_journal_path()
    journal = Journal(path) if path.is_file() else None
    try:
        retry, resend = batch_commands.retry_choice(args), args.resubmit_ambiguous
        keyless = not _has_key(args)
        with _client(args, journal=journal, stand_in_key=keyless) as client:
            credits, why = _balance(client, keyless=keyless)
            flagged = sending(
                journal,
                lines,
                args.out,
                retry_failed=retry,
                resubmit_ambiguous=resend,
                retry_lost=args.retry_lost,
                base_url=client.base_url,
            )
            rows = ((line, batch_commands.estimate_line(client.estimate, line), send) for line, send in flagged)
            batch_commands.dry_run(rows, credits if credits is not None else why, args.max_credits)
    finally:
        if journal is not None:
            journal.close()
    return EXIT_OK


def cmd_resume(args: argparse.Namespace) -> int:
    """Finish what the journal says is unfinished."""
    with _client(args) as client:
        return batch_commands.cmd_resume(args, client)


def cmd_history(args: argparse.Namespace) -> int:
    """List the journal, or (``--since``) what its tasks at this API cost since then."""
    since, base_url = None, ""
    simulated = shared.simulated_url()  # found, never started: history sends nothing
    if args.since is not None:
        try:
            since = parse_since(args.since, time.time())
            base_url = (simulated or _NEVER_STARTED) if args.simulator else resolve_base_url(args.base_url)
        except (SinceError, EvoLinkError) as exc:
            raise UsageError(str(exc)) from None
    journal = Journal(args.journal) if args.journal else Journal()
    return batch_commands.cmd_history(args, journal, since, base_url, simulated=simulated)


# What ``history --since --simulator`` counts before the shared simulator ever ran: no row names it.
_NEVER_STARTED = "the shared simulator (never started)"


def _run_problem(command: Callable[..., T], *args: Any) -> T:
    try:
        return command(*args)
    except batch_commands.BatchUsageError as exc:
        raise UsageError(str(exc)) from None


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "credits": cmd_credits,
    "batch": cmd_batch,
    "resume": cmd_resume,
    "history": cmd_history,
    "generate": cmd_generate,
    "follow-up": cmd_follow_up,
    "wait": cmd_wait,
    "status": cmd_status,
    "info": cmd_info,
    "models": cmd_models,
    "upload": cmd_upload,
    "files": cmd_files,
    "simulator": cmd_simulator,
}


def _show_warning(message: Warning | str, category: type[Warning], *rest: Any, **options: Any) -> None:
    """The library's notices as one plain line; any other warning as Python shows it."""
    if issubclass(category, EvoLinkWarning):
        _say(f"warning: {message}")
    else:
        _PYTHON_SHOWWARNING(message, category, *rest, **options)


_PYTHON_SHOWWARNING = warnings.showwarning


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    if isinstance(args, int):
        return args
    warnings.showwarning = _show_warning
    try:
        return _run_command(args)
    finally:
        warnings.showwarning = _PYTHON_SHOWWARNING


def _parse(argv: list[str]) -> argparse.Namespace | int:
    """The parsed command line; or, for one that cannot run, its exit code (2) once one line has said why.

    A mistyped command or option is answered with the closest valid one of that command.
    """
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
    except CommandLineError as failure:
        line = unknown_command(parser, argv)
        if line is None:  # no command, or an option of every command misused: argparse's words, and the usage
            parser.print_usage(sys.stderr)
            line = failure.message
        _say(f"error: {line}")
        return EXIT_USAGE
    if extras:
        command, chosen = chosen_command(parser, args)
        _say(f"error: {unknown_option(command, chosen, extras)}")
        return EXIT_USAGE
    return args


def _usage_message(exc: Exception, args: argparse.Namespace) -> str:
    """A usage error's line; a refusal in this command's own terms: its flags and arguments (see _messages)."""
    if isinstance(exc, ValidationError):
        return refusal(exc, getattr(args, FLAGS_DEST, None) or {})
    return str(exc)


def _run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; user errors become one line and an exit code."""
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        check_options(args)
        return COMMANDS[args.command](args)
    except (*_USAGE_ERRORS, EvoLinkError) as exc:
        if args.debug:
            raise
        if isinstance(exc, _USAGE_ERRORS):
            _say(f"error: {_usage_message(exc, args)}")
            return EXIT_USAGE
        text, lines, code = _api_failure(exc, args)
        _report(text, getattr(exc, "__notes__", ()), lines)
        return code
    except KeyboardInterrupt:
        _say("Interrupted.")
        return EXIT_INTERRUPTED


_USAGE_ERRORS = (ValidationError, UsageError, OptionError, ImageError, files_commands.UploadError, SharedOptionError)


def _api_failure(exc: EvoLinkError, args: argparse.Namespace) -> tuple[str, list[str], int]:
    """An error's line, the lines that say what it cost or what to do, and its exit code."""
    if isinstance(exc, ContentPolicyError):  # a task failure or an HTTP refusal alike: its own exit code
        return str(exc), moderation_lines(exc), EXIT_MODERATION
    if isinstance(exc, TaskFailedError):
        return str(exc), [f"  {refund_line(exc.task)}"], EXIT_FAILED
    if isinstance(exc, InsufficientCreditsError):
        return str(exc), [insufficient_hint(exc)], EXIT_FAILED
    if isinstance(exc, TaskTimeoutError):
        after = " --simulator" if getattr(args, "simulator", False) else ""
        return str(exc), [f"  pick it up later with: evolink-images wait {exc.task_id}{after}"], EXIT_FAILED
    if isinstance(exc, FilesQuotaError):  # its message names the quota; no create was sent
        return f"{exc.message} (evolink-images files quota shows it); nothing was created", [], EXIT_FAILED
    return str(exc), [], EXIT_FAILED


def _report(text: str, notes: Sequence[str], lines: Sequence[str]) -> None:
    """An API error as one ``error:`` line, its notes below it, then *lines*."""
    _say(f"error: {text}")
    for note in notes:
        _say(f"  {note}")
    for line in lines:
        _say(line)


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`evolink-images history --json | head -1`): it had what it wanted, so this is a
        # success, said by no line and no traceback. What is still buffered goes nowhere, at exit too (Python would
        # otherwise report the failed flush as "Exception ignored").
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, sys.stdout.fileno())
        os.dup2(quiet, sys.stderr.fileno())
        code = EXIT_OK
    sys.exit(code)
