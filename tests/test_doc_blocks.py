"""Every code block of the README and the documentation site runs as written, against the simulator.

A page's Python blocks run in order in one process (``tests/doc_blocks_driver.py``), as a reader pasting them into one
session would; its ``sh`` blocks line by line, each line an ``evolink-images`` command. Both run in a fresh folder
holding the files the examples name (``photo.png``, ``brand/logo.png``, ``prompts.jsonl``, ...), with
``EVOLINK_BASE_URL`` pointing at a :class:`SimulatorServer`, a dummy key, and a journal and a shared-simulator home of
their own. In a command, ``task-unified-...`` stands for the task the page's last ``generate`` line made, and in a path
for the newest file it names.

A block that cannot run says why on the line before it, ``<!-- not run: reason -->`` (invisible on the rendered page):
installing, make targets, the real API with a real key, a server that runs until Ctrl-C. Blocks in other languages
(output, data, an excerpt of the spec) are shown, not run: ``NOT_CODE`` lists those languages. Any other block fails
:func:`test_every_block_is_run_or_excluded_with_a_reason`, so a new example runs from the day it is written.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from evolink_images.simulator import Simulator, SimulatorServer
from evolink_images.simulator._images import draw_png
from PIL import Image

from tests import doc_blocks_driver
from tests.simulated import FAST

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "doc_blocks_driver.py"
RUN = ("python", "sh")
NOT_CODE = {
    "": "output, or a folder layout, shown",
    "text": "output shown",
    "json": "data shown: a record, a batch line",
    "yaml": "an excerpt of the spec",
}
FENCE = re.compile(r"^```([\w-]*)\s*$")
NOT_RUN = re.compile(r"^<!-- not run: (\S.*?) -->$")
COMMAND = "evolink-images"
PLACEHOLDER = "task-unified-..."
TASK_ID = re.compile(r"task-unified-\d+-[a-z0-9]+")
TIMEOUT = 600
BASH = shutil.which("bash") or "/bin/bash"
# The local files the examples name, made in the folder each page runs in.
IMAGES = ("photo.png", "room.png", "mask.png", "logo.png", "a.png", "brand/logo.png")
BATCH = (
    {"model": "nano-banana", "prompt": "a red fox in snow", "key": "fox"},
    {"model": "seedream-4.5", "prompt": "a lighthouse at dawn", "key": "lighthouse"},
    {"model": "nano-banana", "prompt": "a poster with this logo", "params": {"image_urls": ["brand/logo.png"]}},
)
DUMMY_KEY = "sk-doc-blocks-not-a-real-key"


@attrs.frozen
class Block:
    """One fenced block: its page, the line of its opening fence, its language and code, and why it is not run."""

    page: str
    line: int
    language: str
    code: str
    not_run: str | None = None


def page_blocks(page: str, text: str) -> list[Block]:
    """Every fenced block of *text*, with the reason of a ``<!-- not run: reason -->`` on the line before it."""
    found: list[Block] = []
    lines, index, previous = text.splitlines(), 0, ""
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if fence is None:
            previous = lines[index].strip() or previous
            index += 1
            continue
        start, body = index, []
        index += 1
        while index < len(lines) and lines[index].rstrip() != "```":
            body.append(lines[index])
            index += 1
        reason = NOT_RUN.match(previous)
        found.append(Block(page, start + 1, fence[1], "\n".join(body) + "\n", reason[1] if reason else None))
        previous, index = "", index + 1
    return found


def pages() -> dict[str, str]:
    """The README and every page of the site, by their path in the repository."""
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in paths}


BLOCKS = [block for page, text in pages().items() for block in page_blocks(page, text)]


def problems(blocks: list[Block]) -> list[str]:
    """Each block neither run nor shown, and each line of an ``sh`` block to run that is not a command."""
    found = []
    for block in blocks:
        if block.language not in RUN and block.language not in NOT_CODE:
            found.append(f"{block.page}:{block.line}: a ```{block.language} block: neither run nor in NOT_CODE")
        if block.language != "sh" or block.not_run is not None:
            continue
        for number, line in enumerate(block.code.splitlines(), start=block.line + 1):
            try:
                words = shlex.split(line, comments=True)
            except ValueError as exc:
                words = [f"({exc})"]
            if words and words[0] != COMMAND:
                found.append(
                    f"{block.page}:{number}: {line.strip()!r} is not an evolink-images command: run it, or say why "
                    "not on the line before the block (<!-- not run: reason -->)"
                )
    return found


def sessions() -> list[tuple[str, str]]:
    """(page, language) of each page's blocks to run: its Python blocks in one process, its commands in a row."""
    return list(dict.fromkeys((b.page, b.language) for b in BLOCKS if b.language in RUN and b.not_run is None))


# ---------------------------------------------------------------------------------------------- what runs
def test_every_block_is_run_or_excluded_with_a_reason() -> None:
    assert problems(BLOCKS) == []


def test_most_blocks_run_and_each_one_that_does_not_says_why() -> None:
    """The collector finds the blocks (a regex that found none would pass the check above), and exclusions are few."""
    run = [block for block in BLOCKS if block.language in RUN and block.not_run is None]
    excluded = [block for block in BLOCKS if block.not_run is not None]
    assert len([block for block in run if block.language == "python"]) >= 40
    assert len([block for block in run if block.language == "sh"]) >= 15
    assert all(block.not_run.strip() for block in excluded)
    assert len(excluded) <= len(run) // 4, [f"{block.page}:{block.line}" for block in excluded]


def test_a_new_block_neither_run_nor_excluded_is_caught() -> None:
    """The check bites: an unknown language, and a shell line that is not a command, each named with its line."""
    text = "\n".join(
        [
            "# A page",
            "```bash",
            "evolink-images models",
            "```",
            "```sh",
            "evolink-images models",
            "make demo",
            "```",
            "<!-- not run: a make target -->",
            "```sh",
            "make demo",
            "```",
        ]
    )
    found = problems(page_blocks("new.md", text))
    assert [line.split(": ", 1)[0] for line in found] == ["new.md:2", "new.md:7"], found
    assert "neither run nor in NOT_CODE" in found[0] and "'make demo' is not an evolink-images command" in found[1]


def test_an_exclusion_names_its_reason_and_only_the_block_after_it() -> None:
    blocks = page_blocks("p.md", "<!-- not run: installs packages -->\n\n```sh\npip install .\n```\n```sh\nx\n```\n")
    assert [(block.line, block.not_run) for block in blocks] == [(3, "installs packages"), (6, None)]
    assert page_blocks("p.md", "<!-- not run: -->\n```sh\nx\n```\n")[0].not_run is None, "a reason is required"


# ---------------------------------------------------------------------------------------------- the driver
def block(code: str, line: int = 3) -> dict[str, object]:
    return {"page": "x.md", "line": line, "code": code}


def test_the_driver_runs_a_pages_blocks_in_one_namespace(capsys: pytest.CaptureFixture[str]) -> None:
    assert doc_blocks_driver.run([block("x = 41\n"), block("assert x + 1 == 42\n", line=9)]) == 0
    assert capsys.readouterr().out.split() == ["ok", "x.md:3", "ok", "x.md:9"]


def test_the_driver_fails_a_block_that_raises_naming_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert doc_blocks_driver.run([block("x = 1\n"), block("x = 1\nraise RuntimeError('boom')\n", line=12)]) == 1
    err = capsys.readouterr().err
    assert "FAILED x.md:12" in err and 'File "x.md:12", line 2' in err and "RuntimeError: boom" in err


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("raise ValueError(\"size='1' is too small\")\n# ValueError: size='1' is too small\n", 0),
        ("raise ValueError(\"size='1' is too small\")\n# evolink_images.ValueError: size='1'\n# is too small\n", 0),
        ("raise ValueError(\"size='1' is too small (Rule r)\")\n# ValueError: size='1' ... (Rule r)\n", 0),
        ("raise ValueError(\"size='2' is too small\")\n# ValueError: size='1' is too small\n", 1),
        ("raise KeyError('size')\n# ValueError: size\n", 1),
        ("x = 1\n# ValueError: size='1' is too small\n", 1),
    ],
    ids=["quoted", "quoted-on-two-lines", "with-an-ellipsis", "another-message", "another-error", "nothing-raised"],
)
def test_a_block_that_quotes_an_error_must_raise_it(code: str, status: int) -> None:
    assert doc_blocks_driver.run([block(code)]) == status


# ---------------------------------------------------------------------------------------------- running them
def prepare(folder: Path) -> None:
    """The files the examples name: real PNGs (the mask with an alpha channel, as gpt-image-2 takes), a batch file."""
    for name in IMAGES:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_png(name, 0, 512, 512))
    Image.new("RGBA", (512, 512), (0, 0, 0, 0)).save(folder / "mask.png")
    (folder / "prompts.jsonl").write_text("".join(json.dumps(line) + "\n" for line in BATCH), encoding="utf-8")


@attrs.define
class World:
    """Where a page's blocks run: a folder, its environment, and the task ``task-unified-...`` stands for."""

    folder: Path
    env: dict[str, str]
    task: str | None = None

    def arguments(self, words: list[str]) -> list[str]:
        """*words* with each ``task-unified-...`` replaced: by the last task, or in a path by the newest match."""
        return [self.argument(word) for word in words]

    def argument(self, word: str) -> str:
        """*word*, ``task-unified-...`` in it replaced."""
        if word == PLACEHOLDER:
            assert self.task is not None, f"{PLACEHOLDER} before any generate line made a task"
            return self.task
        if PLACEHOLDER not in word:
            return word
        found = sorted(self.folder.glob(word.replace(PLACEHOLDER, "task-unified-*")), key=os.path.getmtime)
        assert found, f"no file matches {word}"
        return found[-1].relative_to(self.folder).as_posix()

    def command(self, where: str, line: str) -> None:
        """Run one line of an ``sh`` block in bash (pipes included, any failure in them fails it).

        ``evolink-images`` is this environment's; a ``generate`` line's task becomes the one the next lines mean.
        """
        words = shlex.split(line, comments=True)
        if not words:
            return
        for word in dict.fromkeys(word for word in words if PLACEHOLDER in word and word != PLACEHOLDER):
            line = line.replace(word, self.argument(word))
        if PLACEHOLDER in words:
            line = line.replace(PLACEHOLDER, self.argument(PLACEHOLDER))
        env = self.env | {"PATH": os.pathsep.join([str(Path(sys.executable).parent), self.env.get("PATH", "")])}
        result = subprocess.run(
            [BASH, "-o", "pipefail", "-c", line],
            cwd=self.folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, (
            f"{where}: {line.strip()}\nexit {result.returncode}\nstdout:\n{result.stdout[-3000:]}\n"
            f"stderr:\n{result.stderr[-3000:]}"
        )
        if words[1:2] == ["generate"] and (made := TASK_ID.findall(result.stdout)):
            self.task = made[-1]

    def python(self, blocks: list[Block]) -> None:
        """Run *blocks* in order in one process (the driver)."""
        listing = self.folder.parent / "blocks.json"
        listing.write_text(json.dumps([{"page": b.page, "line": b.line, "code": b.code} for b in blocks]))
        result = subprocess.run(
            [sys.executable, str(DRIVER), str(listing)],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-6000:]}"


def environment(url: str, state: Path) -> dict[str, str]:
    """This process's environment without EVOLINK_* settings, pointing at the simulator served on *url*."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("EVOLINK_")}
    return env | {
        "EVOLINK_BASE_URL": url,
        "EVOLINK_API_KEY": DUMMY_KEY,
        "EVOLINK_JOURNAL": str(state / "journal.sqlite3"),
        "EVOLINK_SIMULATOR_HOME": str(state / "simulator"),  # a --simulator command's shared simulator
        "EVOLINK_SIMULATOR_SPEED": "1000",
        "XDG_STATE_HOME": str(state),
        "XDG_DATA_HOME": str(state),
        "NO_COLOR": "1",
    }


def stop_shared_simulator(env: dict[str, str]) -> None:
    """Stop the simulator a ``--simulator`` command left serving in this world's home, if one did."""
    if (Path(env["EVOLINK_SIMULATOR_HOME"]) / "simulator.json").exists():
        argv = [sys.executable, "-m", "evolink_images", "simulator", "--stop"]
        subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """A folder with the examples' files, and a simulator served for them (its callbacks recorded, never sent)."""
    folder, state = tmp_path / "work", tmp_path / "state"
    folder.mkdir()
    state.mkdir()
    prepare(folder)
    server = SimulatorServer(Simulator(attrs.evolve(FAST, balance=1_000_000.0))).start()
    scheduled: list[str] = []
    monkeypatch.setattr(server.simulator.callbacks, "schedule", lambda url, *_: scheduled.append(url))
    env = environment(server.url, state)
    try:
        yield World(folder, env)
    finally:
        stop_shared_simulator(env)
        server.stop()


@pytest.mark.slow
@pytest.mark.parametrize(("page", "language"), sessions(), ids=[f"{page}-{lang}" for page, lang in sessions()])
def test_the_blocks_of_each_page_run_against_the_simulator(page: str, language: str, world: World) -> None:
    blocks = [b for b in BLOCKS if (b.page, b.language) == (page, language) and b.not_run is None]
    if language == "python":
        world.python(blocks)
        return
    for found in blocks:
        for number, line in enumerate(found.code.splitlines(), start=found.line + 1):
            world.command(f"{page}:{number}", line)


@pytest.mark.parametrize(
    "line", ["evolink-images models no-such-family   # a comment", "evolink-images models no-such-family | head -1"]
)
def test_a_command_that_fails_fails_the_page_naming_its_line(tmp_path: Path, line: str) -> None:
    """Its exit status counts, in a pipe too (a reader's `| head` must not hide a failure)."""
    world = World(tmp_path, environment("http://127.0.0.1:9", tmp_path))
    with pytest.raises(AssertionError, match=r"x\.md:4: evolink-images models no-such-family .*\n\s*exit 2"):
        world.command("x.md:4", line)


def test_the_placeholder_is_the_last_generated_task_or_the_newest_file(tmp_path: Path) -> None:
    world = World(tmp_path, {})
    with pytest.raises(AssertionError, match="before any generate line"):
        world.arguments(["status", PLACEHOLDER])
    world.task = "task-unified-1-abcdefgh"
    (tmp_path / "images").mkdir()
    old, new = tmp_path / "images" / "task-unified-1-old00000-0.png", tmp_path / "images" / "task-unified-2-new0-0.png"
    old.write_bytes(b"")
    new.write_bytes(b"")
    os.utime(old, (1, 1))
    assert world.arguments(["status", PLACEHOLDER, "images/task-unified-...-0.png"]) == [
        "status",
        "task-unified-1-abcdefgh",
        "images/task-unified-2-new0-0.png",
    ]
