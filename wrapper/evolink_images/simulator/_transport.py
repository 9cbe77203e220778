"""The simulator as httpx transports: in-process, no sockets, for fast tests (sync and async)."""

from __future__ import annotations

import asyncio
import time

import httpx

from ._core import SimRequest, SimResponse, Simulator

__all__ = ["AsyncSimulatorTransport", "SimulatorTransport"]


def _to_sim(request: httpx.Request, body: bytes) -> SimRequest:
    url = request.url
    base = f"{url.scheme}://{url.netloc.decode('ascii')}"
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in request.headers.raw}
    return SimRequest(request.method, url.path, headers, body, base)


def _to_httpx(response: SimResponse, request: httpx.Request) -> httpx.Response:
    if response.drop:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response (simulated)", request=request)
    if response.truncate:
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body", request=request)
    return httpx.Response(response.status, headers=dict(response.headers), content=response.body, request=request)


class SimulatorTransport(httpx.BaseTransport):
    """Route every request of an :class:`httpx.Client` to a :class:`Simulator`, whatever its host."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer *request* from the simulator."""
        response = self.simulator.handle(_to_sim(request, request.read()))
        if response.delay:
            time.sleep(response.delay)
        return _to_httpx(response, request)


class AsyncSimulatorTransport(httpx.AsyncBaseTransport):
    """Route every request of an :class:`httpx.AsyncClient` to a :class:`Simulator`."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer *request* from the simulator."""
        response = self.simulator.handle(_to_sim(request, await request.aread()))
        if response.delay:
            await asyncio.sleep(response.delay)
        return _to_httpx(response, request)
