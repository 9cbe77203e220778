"""Fixtures: a respx router standing in for the API, and clients wired to it with a virtual clock."""

from __future__ import annotations

import copy
import importlib
import json
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images.simulator import Simulator, SimulatorServer
from evolink_images.simulator._home import read_state
from evolink_images.simulator._shared import stop_shared
from evolink_images.testing import VirtualClock

from tests import tiers
from tests.simulated import FAST
from tests.wrapper_imports import pytest_runtestloop, pytest_testnodedown  # noqa: F401  (the tiers' import check)

tiers.load_profile()

BASE_URL = "https://api.evolink.ai"
API_KEY = "sk-evo-unit-test-secret-0123456789"
TASK_ID = "task-unified-1757165031-uyujaw3d"
CREATED: dict[str, Any] = {
    "created": 1757165031,
    "id": TASK_ID,
    "model": "gemini-2.5-flash-image",
    "object": "image.generation.task",
    "progress": 0,
    "status": "pending",
    "task_info": {"can_cancel": True, "estimated_time": 45},
    "type": "image",
    "usage": {"billing_rule": "per_call", "credits_reserved": 1.6, "user_group": "default"},
}


def tiny_png() -> bytes:
    """A well-formed 1x1 grey PNG, written by hand: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0\x80")  # one row: filter byte, one grey pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = tiny_png()
CREATE = "/v1/images/generations"
REF = "https://example.com/ref.png"


def task_json(**changes: Any) -> dict[str, Any]:
    """The seed's task object with *changes* applied."""
    return {**copy.deepcopy(CREATED), **changes}


def completed_json(*urls: str) -> dict[str, Any]:
    return task_json(status="completed", progress=100, results=list(urls) or ["https://files.example.com/r/0.png"])


# Content-Length values a download must read as "no length": neither an error nor a refusal. b"\xb2" reads as "²"
# (latin-1): str.isdigit() says yes and int() says no; it once escaped the download as a ValueError.
MALFORMED_LENGTHS = [
    b"abc",
    b"-5",
    b"1e3",
    b"12, 12",
    b"",
    b" 72 ",
    pytest.param(b"\xb2", id="superscript-two"),
]


@pytest.fixture(autouse=True)
def _journal_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's own journal."""
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path_factory.mktemp("journal") / "journal.sqlite3"))


@pytest.fixture(autouse=True)
def _shared_simulator_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Tests never use the user's shared simulator (``--simulator``); one a test started is stopped after it."""
    home = tmp_path_factory.mktemp("simulator-home")
    monkeypatch.setenv("EVOLINK_SIMULATOR_HOME", str(home))
    monkeypatch.setenv("EVOLINK_SIMULATOR_SPEED", os.environ.get("EVOLINK_SIMULATOR_SPEED") or "200")
    yield home
    if read_state(home) is not None:
        stop_shared(home)


@pytest.fixture
def api() -> respx.MockRouter:
    """The API and any file host, as respx routes; every test states the routes it needs."""
    return respx.MockRouter(base_url=BASE_URL, assert_all_called=False, assert_all_mocked=True)


@pytest.fixture
def create_route(api: respx.MockRouter) -> respx.Route:
    """The create endpoint, answering with the seed's created task."""
    return api.post(CREATE).respond(200, json=CREATED)


def sent_body(route: respx.Route) -> dict[str, Any]:
    """The JSON body of the one request *route* received."""
    assert route.call_count == 1
    body: dict[str, Any] = json.loads(route.calls.last.request.content)
    return body


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start=1000.0)


@pytest.fixture
def client(api: respx.MockRouter, clock: VirtualClock) -> Iterator[ei.EvoLink]:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock) as evolink:
        yield evolink


@pytest.fixture
def async_client(api: respx.MockRouter, clock: VirtualClock) -> ei.AsyncEvoLink:
    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
    return ei.AsyncEvoLink(api_key=API_KEY, http_client=http, clock=clock)


@pytest.fixture(scope="session")
def shared_server() -> Iterator[SimulatorServer]:
    """One loopback server for the session; each test gets a fresh simulator behind it (see ``server``).

    ``EVOLINK_SIMULATOR_BACKEND=stdlib`` (or ``uvicorn``) picks its server; by default (``auto``) uvicorn if installed.
    """
    server = SimulatorServer(Simulator(FAST), backend=os.environ.get("EVOLINK_SIMULATOR_BACKEND", "auto")).start()
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: SimulatorServer) -> SimulatorServer:
    """The loopback server, serving a fresh simulator with the FAST configuration."""
    shared_server.use(Simulator(FAST))
    return shared_server


@pytest.fixture(scope="module")
def catalogue_script() -> Iterator[Any]:
    """scripts/catalogue.py (the catalogue's generator), imported as `make generate` runs it."""
    saved = list(sys.path)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    try:
        yield importlib.import_module("catalogue")
    finally:
        sys.path[:] = saved
