"""Small holes closed: wait and download arguments, redirects to internal hosts, a full disk while saving.

Each guard has a companion that takes it away (a function replaced, or the guard's statement cut out of a copy of
the engine's function) and shows what it was keeping out.
"""

from __future__ import annotations
import __future__

import ast
import asyncio
import errno
import inspect
import math
import os
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _base, _client, _downloads, _local_io, _waiting
from evolink_images._task import task_from_json
from evolink_images.simulator import SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, PNG, TASK_ID, completed_json, task_json
from tests.simulated import png_size

FILES = "https://files.example.com"
JPEG = b"\xff\xd8\xff\xe0" + bytes(60)


def without(module: ModuleType, name: str, *statements: str) -> Callable[..., Any]:
    """A copy of *module*'s function *name* without the statements that begin with each of *statements*.

    The copy runs in a copy of the module's namespace; each statement must be found exactly once.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(getattr(module, name))))
    found = dict.fromkeys(statements, 0)

    class Cut(ast.NodeTransformer):
        def visit(self, node: ast.AST) -> Any:
            if isinstance(node, ast.stmt):
                text = ast.unparse(node)
                for start in statements:
                    if text.startswith(start):
                        found[start] += 1
                        return None
            return super().visit(node)

    tree = ast.fix_missing_locations(Cut().visit(tree))
    assert all(count == 1 for count in found.values()), found
    namespace = dict(vars(module))
    code = compile(tree, module.__file__ or name, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
    exec(code, namespace)  # noqa: S102 - the library's own function, less one statement
    function: Callable[..., Any] = namespace[name]
    return function


def completed(*urls: str) -> ei.Task:
    return task_from_json(completed_json(*urls))


@pytest.fixture(params=["sync", "async"])
def either(request: pytest.FixtureRequest, client: ei.EvoLink, async_client: ei.AsyncEvoLink) -> Callable[..., Any]:
    """Call a method by name on the sync client, or on the async one (run to completion): same arguments."""

    def call(method: str, *args: Any, **kwargs: Any) -> Any:
        if request.param == "sync":
            return getattr(client, method)(*args, **kwargs)
        awaitable: Awaitable[Any] = getattr(async_client, method)(*args, **kwargs)
        return asyncio.run(awaitable)  # type: ignore[arg-type]

    return call


# ================================================================================================ wait()
BAD_INTERVALS = [math.nan, math.inf, -math.inf, 0, 0.0, -1, True, "5"]
BAD_TIMEOUTS = [math.nan, 0, -1, -math.inf, True, "5"]


@pytest.mark.parametrize("interval", BAD_INTERVALS, ids=repr)
def test_a_bad_poll_interval_is_refused_before_any_request(
    either: Callable[..., Any], api: respx.MockRouter, interval: Any
) -> None:
    route = api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json())
    with pytest.raises(ei.ValidationError, match="poll_interval") as caught:
        either("wait", TASK_ID, poll_interval=interval)
    assert caught.value.field == "poll_interval"
    assert not route.called


@pytest.mark.parametrize("timeout", BAD_TIMEOUTS, ids=repr)
def test_a_bad_timeout_is_refused_before_any_request(
    either: Callable[..., Any], api: respx.MockRouter, timeout: Any
) -> None:
    route = api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json())
    with pytest.raises(ei.ValidationError, match="timeout") as caught:
        either("wait", TASK_ID, timeout=timeout)
    assert caught.value.field == "timeout"
    assert not route.called


def test_good_wait_arguments_still_wait(client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock) -> None:
    """The refusals are not a blanket one: an infinite timeout (no limit) and a small interval are fine."""
    api.get(f"/v1/tasks/{TASK_ID}").mock(
        side_effect=[
            httpx.Response(200, json=task_json(status="processing")),
            httpx.Response(200, json=completed_json()),
        ]
    )
    task = client.wait(task_from_json(task_json(status="processing")), timeout=math.inf, poll_interval=0.25)
    assert task.status == ei.TaskStatus.COMPLETED
    assert clock.sleeps == [0.25, 0.25]


def test_without_the_check_a_nan_interval_reaches_the_clock(
    client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_waiting, "_check_wait_arguments", lambda timeout, poll_interval: None)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json())
    client.wait(task_from_json(task_json(status="processing")), poll_interval=math.nan)
    assert len(clock.sleeps) == 1 and math.isnan(clock.sleeps[0]), clock.sleeps


def test_without_the_check_a_nan_timeout_never_ends_the_wait(
    client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every comparison with NaN is false: the deadline is never reached, however long the task takes."""
    monkeypatch.setattr(_waiting, "_check_wait_arguments", lambda timeout, poll_interval: None)
    processing = httpx.Response(200, json=task_json(status="processing"))
    api.get(f"/v1/tasks/{TASK_ID}").mock(side_effect=[processing] * 3 + [httpx.Response(200, json=completed_json())])
    task = client.wait(TASK_ID, timeout=math.nan, poll_interval=1e6)
    assert task.status == ei.TaskStatus.COMPLETED
    assert sum(clock.sleeps) == 3e6, "three million seconds, and no TaskTimeoutError"


# ============================================================================================== max_bytes
BAD_SIZES = [0, -1, True, 1.5, "100"]


@pytest.mark.parametrize("size", BAD_SIZES, ids=repr)
def test_a_bad_max_bytes_is_refused_before_any_request(
    either: Callable[..., Any], api: respx.MockRouter, tmp_path: Path, size: Any
) -> None:
    route = api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    with pytest.raises(ei.ValidationError, match="max_bytes") as caught:
        either("download", completed(f"{FILES}/a"), tmp_path / "out", max_bytes=size)
    assert caught.value.field == "max_bytes"
    assert not route.called
    assert not (tmp_path / "out").exists(), "not even the folder is made"


@pytest.mark.parametrize("client_class", [ei.EvoLink, ei.AsyncEvoLink])
@pytest.mark.parametrize("size", BAD_SIZES, ids=repr)
def test_a_bad_max_download_bytes_is_refused(client_class: type[ei.EvoLink], size: Any) -> None:
    with pytest.raises(ei.ValidationError, match="max_download_bytes") as caught:
        client_class(api_key=API_KEY, max_download_bytes=size)
    assert caught.value.field == "max_download_bytes"


def test_a_good_max_bytes_still_caps(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=len(PNG), metadata=False)
    assert path.read_bytes() == PNG
    with pytest.raises(ei.DownloadError, match="limit"):
        client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=len(PNG) - 1)


def test_without_the_check_max_bytes_zero_silently_means_the_default_and_minus_one_refuses_everything(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unchecked = without(_downloads, "download", "if max_bytes is not None and")
    monkeypatch.setattr(_client, "download_steps", unchecked)
    route = api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=0, metadata=False)
    assert path.read_bytes() == PNG, "a cap of 0 bytes was asked for; the default was used"
    with pytest.raises(ei.DownloadError, match="-1-byte limit"):
        client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=-1)
    assert route.call_count == 2, "both went to the file host"


def test_without_the_check_a_client_with_a_zero_cap_can_download_nothing(
    api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_base, "_require_whole", lambda name, value, minimum: None)
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    evolink = ei.EvoLink(api_key=API_KEY, http_client=http, max_download_bytes=0)  # accepted, unchecked
    with evolink, pytest.raises(ei.DownloadError, match="0-byte limit"):
        evolink.download(completed(f"{FILES}/a"), tmp_path)


# ====================================================================================== internal redirects
INTERNAL = [
    "http://127.0.0.1/x.png",
    "http://10.0.0.7/x.png",
    "http://localhost:8080/x.png",
    "http://[::1]/x.png",
    "http://169.254.169.254/latest/meta-data/",
]


@pytest.mark.parametrize("internal", INTERNAL)
def test_a_redirect_to_an_internal_host_is_refused_unrequested(
    either: Callable[..., Any], api: respx.MockRouter, tmp_path: Path, internal: str
) -> None:
    api.get(f"{FILES}/a").respond(302, headers={"location": internal})
    inside = api.get(internal).respond(200, content=PNG, headers={"content-type": "image/png"})
    with pytest.raises(ei.DownloadError, match="internal host"):
        either("download", completed(f"{FILES}/a"), tmp_path)
    assert not inside.called
    assert list(tmp_path.iterdir()) == [], "nothing is left"


def test_an_internal_host_is_refused_however_the_redirect_reaches_it(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    """Two hops (a public host first), and a scheme-relative Location."""
    api.get(f"{FILES}/a").respond(302, headers={"location": "https://cdn.example.net/b"})
    api.get("https://cdn.example.net/b").respond(307, headers={"location": "//localhost/x.png"})
    inside = api.get("https://localhost/x.png").respond(200, content=PNG, headers={"content-type": "image/png"})
    with pytest.raises(ei.DownloadError, match="internal host"):
        client.download(completed(f"{FILES}/a"), tmp_path)
    assert not inside.called


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8123", "http://localhost:8123"])
def test_a_local_api_may_redirect_to_loopback(api: respx.MockRouter, tmp_path: Path, base_url: str) -> None:
    local = f"{base_url}/files/x.png"
    api.get(f"{FILES}/a").respond(302, headers={"location": local})
    inside = api.get(local).respond(200, content=PNG, headers={"content-type": "image/png"})
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, base_url=base_url, http_client=http) as evolink:
        (path,) = evolink.download(completed(f"{FILES}/a"), tmp_path, metadata=False)
    assert inside.called and path.read_bytes() == PNG


class RedirectingFileHost(httpx.BaseTransport):
    """A file host that redirects every request to *target*; everything else goes out for real."""

    def __init__(self) -> None:
        self.target = ""
        self._real = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "files.example.com":
            return httpx.Response(302, headers={"location": self.target})
        return self._real.handle_request(request)

    def close(self) -> None:
        self._real.close()


def test_a_redirect_to_the_simulator_on_loopback_is_followed(server: SimulatorServer, tmp_path: Path) -> None:
    transport = RedirectingFileHost()
    with ei.EvoLink(api_key="k", base_url=server.url, http_client=httpx.Client(transport=transport)) as evolink:
        task = evolink.generate("nano-banana", "a lighthouse", poll_interval=0.05)
        transport.target = task.results[0]
        assert transport.target.startswith("http://127.0.0.1:")
        (path,) = evolink.download(attrs.evolve(task, results=[f"{FILES}/r/0"]), tmp_path)
    assert png_size(path) == (512, 512)


def test_without_the_check_the_internal_host_is_requested(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_downloads, "_refuse_internal_redirect", lambda ctx, location: None)
    api.get(f"{FILES}/a").respond(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})
    inside = api.get("http://169.254.169.254/latest/meta-data/").respond(
        200, content=PNG, headers={"content-type": "image/png"}
    )
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path)
    assert inside.called, "the cloud metadata address was fetched"
    assert path.exists()


# ========================================================================================== a full disk
class DiskFullOs:
    """``os`` as ``_local_io`` sees it, with ``os.replace`` failing (for targets that *fails* picks)."""

    def __init__(self, fails: Callable[[str], bool]) -> None:
        self.fails = fails
        self.refused: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def replace(self, source: Any, target: Any) -> None:
        if self.fails(str(target)):
            self.refused.append(Path(target).name)
            raise OSError(errno.ENOSPC, "No space left on device")
        os.replace(source, target)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


SAVES = [
    pytest.param(PNG, True, lambda target: True, id="png-with-record"),
    pytest.param(PNG, True, lambda target: not target.endswith(".part"), id="png-with-record-rename-only"),
    pytest.param(PNG, False, lambda target: True, id="png-as-served"),
    pytest.param(JPEG, True, lambda target: True, id="jpeg-with-sidecar"),
    pytest.param(JPEG, True, lambda target: target.endswith(".json"), id="jpeg-sidecar-only"),
]


@pytest.mark.parametrize(("content", "metadata", "fails"), SAVES)
def test_a_full_disk_is_a_download_error_and_leaves_no_part_file(
    either: Callable[..., Any],
    api: respx.MockRouter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    metadata: bool,
    fails: Callable[[str], bool],
) -> None:
    disk = DiskFullOs(fails)
    monkeypatch.setattr(_local_io, "os", disk)
    kind = "image/png" if content == PNG else "image/jpeg"
    api.get(f"{FILES}/a").respond(200, content=content, headers={"content-type": kind})
    task = attrs.evolve(completed(f"{FILES}/a"), request={"model": "nano-banana-beta", "prompt": "a cat"})
    with pytest.raises(ei.DownloadError, match="No space left on device") as caught:
        either("download", task, tmp_path, metadata=metadata)
    assert isinstance(caught.value, ei.EvoLinkError)
    assert isinstance(caught.value.__cause__, OSError) and caught.value.__cause__.errno == errno.ENOSPC
    assert disk.refused, "the failure was injected"
    assert leftovers(tmp_path) == []


def test_without_the_conversion_the_os_error_escapes(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_local_io, "os", DiskFullOs(lambda target: True))
    monkeypatch.setattr(
        _downloads, "_download_one", without(_downloads, "_download_one", "if isinstance(exc, OSError)")
    )
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    with pytest.raises(OSError, match="No space left") as caught:
        client.download(completed(f"{FILES}/a"), tmp_path, metadata=False)
    assert not isinstance(caught.value, ei.EvoLinkError), "a caller catching EvoLinkError misses it"


def test_without_the_clean_up_the_part_file_stays(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_local_io, "os", DiskFullOs(lambda target: True))
    monkeypatch.setattr(_downloads, "_download_one", without(_downloads, "_download_one", "yield Remove(part)"))
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    with pytest.raises(ei.DownloadError):
        client.download(completed(f"{FILES}/a"), tmp_path, metadata=False)
    assert len(leftovers(tmp_path)) == 1


# ---------------------------------------------------------------------------------------------- --out before sending
def _generate_whose_create_is_lost(server: SimulatorServer, tmp_path: Path) -> list[ei.JournalEntry]:
    """``generate --out`` whose create the server takes and never answers: what the journal holds afterwards."""
    from evolink_images.cli import main  # noqa: PLC0415
    from evolink_images.simulator import Fault  # noqa: PLC0415

    server.simulator.faults.add(Fault(kind="drop", route="create"))
    journal = tmp_path / "j.db"
    argv = ["--base-url", server.url, "generate", "nano-banana", "a cat", "--journal", str(journal)]
    assert main([*argv, "--out", str(tmp_path / "shots")]) == 1
    assert server.simulator.stats.creates_received == 1
    return ei.Journal(journal).entries()


def test_generate_records_its_out_folder_before_the_create_leaves(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-out")
    (entry,) = _generate_whose_create_is_lost(server, tmp_path)
    assert entry.ambiguous and entry.out_dir == str(tmp_path / "shots"), "resume saves where --out said"


def test_without_out_dir_on_submit_a_lost_create_has_no_folder(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As before: the folder was recorded only once the create answered, so resume would save into the current one."""
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-out")
    submit = _client.EvoLink.submit

    def forgetting(self: ei.EvoLink, *args: Any, out_dir: object = None, **kwargs: Any) -> ei.Task:
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(_client.EvoLink, "submit", forgetting)
    (entry,) = _generate_whose_create_is_lost(server, tmp_path)
    assert entry.ambiguous and entry.out_dir is None
