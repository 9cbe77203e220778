"""The one place that builds HTTP clients, and the one place the API key is turned into a header.

The key goes only on requests to the API's base URL and to the files service's, added per request (:func:`keyed`
decides): the httpx client itself carries no credentials, so a download from a result host, a redirect, or a
user-supplied client shared with other code never sees the key.
"""

from __future__ import annotations

import ipaddress
import os
import platform
from collections.abc import Iterable
from typing import Any

import httpx
from evolink_images_api import AuthenticatedClient

from ._errors import EvoLinkError
from ._files_service import DEFAULT_FILES_BASE_URL
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_FILES_BASE_URL",
    "DEFAULT_MAX_CONCURRENT_REQUESTS",
    "DEFAULT_TIMEOUT",
    "HiddenKey",
    "MissingKeyError",
    "auth_headers",
    "build_api_client",
    "is_loopback",
    "keyed",
    "origin",
    "resolve_api_key",
    "resolve_base_url",
    "resolve_files_base_url",
    "user_agent",
]

DEFAULT_BASE_URL = "https://api.evolink.ai"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# Requests in flight at once on an async client, and the connections of the pool it builds: as many as it lets
# through, so that the rest queue in its semaphore, not in httpx's pool, whose work grows with the square of its
# connections and queue. Chosen by the concurrency benchmark (see the README's Performance section).
DEFAULT_MAX_CONCURRENT_REQUESTS = 16


class HiddenKey(str):
    """An API key that a ``repr`` does not show: the generated client's attrs repr (and ``vars()``) print its token.

    It is still the key wherever it is used as a string: the Authorization header is built from it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<hidden API key>'"


class MissingKeyError(EvoLinkError):
    """No API key was given and ``$EVOLINK_API_KEY`` holds none (the command line says so in its own words)."""


def resolve_api_key(api_key: str | None) -> str:
    """The key given, else ``$EVOLINK_API_KEY``; a :class:`MissingKeyError` naming the variable when neither exists."""
    key = api_key if api_key is not None else os.environ.get("EVOLINK_API_KEY")
    if not key or not key.strip():
        raise MissingKeyError(
            "no EvoLink API key: pass api_key=... or set the EVOLINK_API_KEY environment variable "
            "(get a key at https://evolink.ai)"
        )
    if any(ch in key for ch in "\r\n"):
        raise EvoLinkError("the EvoLink API key contains a line break; check EVOLINK_API_KEY")
    return key.strip()


def resolve_base_url(base_url: str | None) -> str:
    """The base URL given, else ``$EVOLINK_BASE_URL``, else the production API; without a trailing slash."""
    if base_url:
        return _checked_url("base_url", base_url)
    return _checked_url("EVOLINK_BASE_URL", os.environ.get("EVOLINK_BASE_URL") or DEFAULT_BASE_URL)


def resolve_files_base_url(files_base_url: str | None, base_url: str) -> str:
    """The files service's base URL: the one given, else ``$EVOLINK_FILES_BASE_URL``, else EvoLink's files host.

    When neither is set and the API's *base_url* is on this machine (the simulator, a local proxy), the files service
    is taken to be there too, at the same URL: a local API never sends a real upload to EvoLink.
    """
    if files_base_url:
        return _checked_url("files_base_url", files_base_url)
    url = os.environ.get("EVOLINK_FILES_BASE_URL")
    if url:
        return _checked_url("EVOLINK_FILES_BASE_URL", url)
    return _checked_url("files_base_url", base_url if is_loopback(base_url) else DEFAULT_FILES_BASE_URL)


def _checked_url(name: str, url: str) -> str:
    parsed = httpx.URL(url)
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise EvoLinkError(f"{name} must be an http(s) URL with a host, not {url!r}")
    return url.rstrip("/")


def is_loopback(url: str) -> bool:
    """Whether *url*'s host is this machine: ``localhost`` or a loopback address."""
    host = httpx.URL(url).host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin(url: str) -> tuple[str, str, int | None]:
    """The scheme, host and port of *url* (the default port made explicit)."""
    parsed = httpx.URL(url)
    port = parsed.port or {"http": 80, "https": 443}.get(parsed.scheme)
    return parsed.scheme, parsed.host.lower(), port


def keyed(url: str, base_urls: Iterable[str]) -> bool:
    """Whether a request to *url* gets the key: it goes to the origin of one of *base_urls* (the API, the files)."""
    try:
        target = origin(url)
    except (httpx.InvalidURL, TypeError):
        return False
    return any(target == origin(base) for base in base_urls)


_USER_AGENT = ""


def user_agent() -> str:
    """``evolink-images/<version> (python <version>; httpx <version>)``, computed once."""
    global _USER_AGENT  # noqa: PLW0603 - a cache of a constant
    if not _USER_AGENT:
        _USER_AGENT = f"evolink-images/{__version__} (python {platform.python_version()}; httpx {httpx.__version__})"
    return _USER_AGENT


def _timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout, connect=min(10.0, timeout))


def build_api_client(
    *,
    api_key: str,
    base_url: str,
    timeout: float | httpx.Timeout | None,
    http_client: httpx.Client | httpx.AsyncClient | None,
    asynchronous: bool,
    max_connections: int = DEFAULT_MAX_CONCURRENT_REQUESTS,
) -> AuthenticatedClient:
    """The generated client, wired to an httpx client without credentials: the user's, or a new one's pool."""
    timeout_config = _timeout(timeout)
    client = AuthenticatedClient(base_url=base_url, token=HiddenKey(api_key), timeout=timeout_config)
    settings: dict[str, Any] = {
        "timeout": timeout_config,
        "headers": {"User-Agent": user_agent()},
        "follow_redirects": False,
        "limits": httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    }
    if asynchronous:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise EvoLinkError("AsyncEvoLink needs an httpx.AsyncClient as http_client")
        client.set_async_httpx_client(http_client or httpx.AsyncClient(**settings))
    else:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise EvoLinkError("EvoLink needs an httpx.Client as http_client (use AsyncEvoLink for httpx.AsyncClient)")
        client.set_httpx_client(http_client or httpx.Client(**settings))
    return client


def auth_headers(client: AuthenticatedClient) -> dict[str, str]:
    """The headers of every request to the API: Authorization and the User-Agent.

    Authorization comes from the generated client's own auth settings; both are added per request, so they are
    sent also when the httpx client is the user's own.
    """
    value = f"{client.prefix} {client.token}" if client.prefix else client.token
    return {client.auth_header_name: value, "User-Agent": _USER_AGENT or user_agent()}
