"""A local EvoLink: the image API simulated in memory, served in-process or on a loopback socket.

>>> from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorServer, Fault
>>> with SimulatorServer(Simulator(SimulatorConfig(speed=15))) as server:
...     client = EvoLink(api_key="any", base_url=server.url)
...     task = client.generate(model, "a lighthouse")     # a few seconds, a real PNG

``SimulatorServer`` needs no extra: it serves with uvicorn when that is installed (``pip install uvicorn``,
or ``pip install '.[sim]'`` in a clone), else with a small standard-library HTTP/1.1 server; ``backend="stdlib"``
or ``"uvicorn"`` picks one, and ``server.backend`` says which answers.

Faults are scripted with ``simulator.faults.add(Fault(kind="rate_limit", route="create", count=2))``; the
simulator's ``stats`` count what it received. It keeps an account (``SimulatorConfig(balance=..., key_limit=...,
key_daily_limit=...)``): creates reserve credits or are refused 402, tasks settle, ``GET /v1/credits`` shows it.
In-process, without sockets: ``httpx.Client(transport=SimulatorTransport(simulator))``. Every image it draws is a
pattern marked as simulated, never a real result.
"""

from ._asgi import SimulatorApp
from ._callbacks import CallbackAttempt
from ._core import PROGRESS_CURVES, Simulator, SimulatorConfig, SimulatorStats
from ._faults import FAULT_KINDS, Fault, parse_fault
from ._server import SimulatorServer
from ._transport import AsyncSimulatorTransport, SimulatorTransport

__all__ = [
    "FAULT_KINDS",
    "PROGRESS_CURVES",
    "AsyncSimulatorTransport",
    "CallbackAttempt",
    "Fault",
    "Simulator",
    "SimulatorApp",
    "SimulatorConfig",
    "SimulatorServer",
    "SimulatorStats",
    "SimulatorTransport",
    "parse_fault",
]
