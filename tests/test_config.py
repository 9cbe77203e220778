"""Construction: the key and base URL from arguments or the environment, and clear errors when missing."""

from __future__ import annotations

import evolink_images as ei
import httpx
import pytest


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY", raising=False)
    with pytest.raises(ei.EvoLinkError, match="EVOLINK_API_KEY"):
        ei.EvoLink()
    with pytest.raises(ei.EvoLinkError, match="EVOLINK_API_KEY"):
        ei.AsyncEvoLink(api_key="   ")


def test_key_and_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-from-env")
    monkeypatch.setenv("EVOLINK_BASE_URL", "http://127.0.0.1:8787/")
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(404, json={}))
    client = ei.EvoLink(http_client=httpx.Client(transport=transport))
    assert client.base_url == "http://127.0.0.1:8787"
    with pytest.raises(ei.NotFoundError):
        client.get_task("task-1")
    assert str(seen[0].url) == "http://127.0.0.1:8787/v1/tasks/task-1"
    assert seen[0].headers["authorization"] == "Bearer sk-from-env"
    assert (
        seen[0].headers["user-agent"].startswith("evolink-images/") or "python-httpx" in seen[0].headers["user-agent"]
    )


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_BASE_URL", "http://127.0.0.1:1")
    client = ei.EvoLink(api_key="k", base_url="https://api.evolink.ai/")
    assert client.base_url == "https://api.evolink.ai"
    client.close()


@pytest.mark.parametrize("base_url", ["api.evolink.ai", "ftp://api.evolink.ai", "https://"])
def test_bad_base_url(base_url: str) -> None:
    with pytest.raises(ei.EvoLinkError, match="base_url"):
        ei.EvoLink(api_key="k", base_url=base_url)


@pytest.mark.parametrize("max_retries", [-1, 1.5, True])
def test_bad_max_retries(max_retries: object) -> None:
    with pytest.raises(ei.ValidationError, match="max_retries"):
        ei.EvoLink(api_key="k", max_retries=max_retries)  # type: ignore[arg-type]


def test_own_client_sends_a_user_agent() -> None:
    client = ei.EvoLink(api_key="k")
    http = client._api.get_httpx_client()
    assert http.headers["user-agent"].startswith(f"evolink-images/{ei.__version__}")
    assert "authorization" not in http.headers, "the key is added per request, never kept on the client"
    client.close()
