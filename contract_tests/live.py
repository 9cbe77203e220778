"""Live mode, for maintainers with a key: record real exchanges, and check the spec against the live API.

    python -m contract_tests.live record   # make record: one cheap generation, its polls, one rejected request
    python -m contract_tests.live check    # make contract-live: read-only and rejected calls; paid ones only with
                                           # EVOLINK_ALLOW_SPEND=1 (at most EVOLINK_MAX_PAID_CALLS, default 1)

Without ``EVOLINK_API_KEY`` both say so and exit 0. Recordings are written with provenance ``live`` and the date,
with the key and account data redacted, so they can be committed and replayed by the contract suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from contract_tests.spec_contract import RECORDINGS, Drift, Spec

CREATE = "/v1/images/generations"
CHEAP_REQUEST = {
    "model": "wan2.5-text-to-image",
    "prompt": "A small red cube on a white table",
    "size": "768x768",
    "n": 1,
}
# Refused for its size (7:5); the model is the id seed 004's gemini-2.5-flash-image was taken as until 2026-10 (D17).
REJECTED_REQUEST = {"model": "nano-banana-beta", "prompt": "a cat", "size": "7:5"}
MISSING_TASK = "task-unified-1700000000-zzzzzzzz"
KEPT_HEADERS = ("content-type", "retry-after", "x-request-id", "x-oneapi-request-id", "idempotency-replayed")
ACCOUNT_FIELDS = ("user_group",)
POLL_LIMIT = 40
REDACTED = "<redacted>"


def redact(body: Any) -> Any:
    """The body with account data replaced (the key never appears in bodies, but is checked for by the caller)."""
    if isinstance(body, dict):
        return {key: REDACTED if key in ACCOUNT_FIELDS else redact(value) for key, value in body.items()}
    if isinstance(body, list):
        return [redact(item) for item in body]
    return body


def exchange(response: httpx.Response, *, request_body: Any, today: str, base_url: str, notes: str) -> dict[str, Any]:
    """A recording of one exchange, in the format of ``contract_tests/recordings``."""
    try:
        body = response.json()
    except ValueError:
        body = response.text
    request_headers = {"authorization": f"Bearer {REDACTED}"}
    if request_body is not None:
        request_headers["content-type"] = "application/json"
    return {
        "provenance": {"kind": "live", "date": today, "base_url": base_url, "notes": notes},
        "request": {
            "method": response.request.method,
            "path": response.request.url.path,
            "headers": request_headers,
            "body": request_body,
        },
        "response": {
            "status": response.status_code,
            "headers": {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers},
            "body": redact(body),
        },
    }


def _client(key: str, base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def record(key: str, base_url: str, out: Path, *, poll_every: float = 3.0) -> list[Path]:
    """Run the capped scenario and write its recordings into *out*; returns the files written."""
    today = dt.date.today().isoformat()
    written: list[tuple[str, dict[str, Any]]] = []
    with _client(key, base_url) as http:
        rejected = http.post(CREATE, json=REJECTED_REQUEST)
        item = exchange(rejected, request_body=REJECTED_REQUEST, today=today, base_url=base_url, notes="rejected, free")
        written.append(("create-rejected", {**item, "request_conforms": False}))
        missing = http.get(f"/v1/tasks/{MISSING_TASK}")
        written.append(
            (
                "get-task-missing",
                exchange(missing, request_body=None, today=today, base_url=base_url, notes="unknown id"),
            )
        )
        created = http.post(CREATE, json=CHEAP_REQUEST)  # the one paid call
        written.append(
            (
                "create-wan",
                exchange(created, request_body=CHEAP_REQUEST, today=today, base_url=base_url, notes="one paid call"),
            )
        )
        if created.status_code == 200:
            written += _polls(http, created.json()["id"], today, base_url, poll_every)
    paths = []
    for name, recording in written:
        text = json.dumps(recording, indent=2, ensure_ascii=False) + "\n"
        if key in text:
            raise RuntimeError("refusing to write a recording that contains the API key")
        path = out / f"live-{today}-{name}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _polls(
    http: httpx.Client, task_id: str, today: str, base_url: str, poll_every: float
) -> list[tuple[str, dict[str, Any]]]:
    """The first unfinished poll and the final one of a task."""
    recordings: list[tuple[str, dict[str, Any]]] = []
    for _ in range(POLL_LIMIT):
        time.sleep(poll_every)
        response = http.get(f"/v1/tasks/{task_id}")
        body = response.json() if response.status_code == 200 else {}
        status = body.get("status")
        final = status in {"completed", "failed", "cancelled"}
        if final or not recordings:
            item = exchange(response, request_body=None, today=today, base_url=base_url, notes=f"poll: {status}")
            recordings.append((f"get-task-{status or response.status_code}", item))
        if final or response.status_code != 200:
            break
    return recordings


def check(key: str, base_url: str, *, paid_calls: int) -> list[Drift]:
    """Drift between the spec and the live API, from read-only and rejected calls (and *paid_calls* creates)."""
    spec = Spec.load()
    drifts: list[Drift] = []

    def held(response: httpx.Response) -> httpx.Response:
        is_json = "json" in response.headers.get("content-type", "")
        body = response.json() if is_json else None
        path = response.request.url.path
        drifts.extend(spec.check_response(response.request.method, path, response.status_code, response.headers, body))
        return response

    with _client(key, base_url) as http:
        held(http.get(f"/v1/tasks/{MISSING_TASK}"))
        held(http.post(CREATE, json=REJECTED_REQUEST))
        for _ in range(paid_calls):
            created = held(http.post(CREATE, json=CHEAP_REQUEST))
            if created.status_code == 200:
                held(http.get(f"/v1/tasks/{created.json()['id']}"))
    return drifts


def main(argv: list[str] | None = None) -> int:
    """``record`` or ``check``; exit 0 without a key, 1 on drift."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["record", "check"])
    parser.add_argument("--out", type=Path, default=RECORDINGS)
    args = parser.parse_args(argv)
    key = os.environ.get("EVOLINK_API_KEY", "").strip()
    base_url = os.environ.get("EVOLINK_BASE_URL", "https://api.evolink.ai").rstrip("/")
    if not key:
        print(f"EVOLINK_API_KEY is not set: no live {args.command} (it needs a real EvoLink key). Nothing to do.")
        return 0
    if args.command == "record":
        for path in record(key, base_url, args.out):
            print(f"wrote {path}")
        print("Now run `make contract`: any drift between these recordings and the spec is reported.")
        return 0
    paid = int(os.environ.get("EVOLINK_MAX_PAID_CALLS", "1")) if os.environ.get("EVOLINK_ALLOW_SPEND") == "1" else 0
    print(f"checking the spec against {base_url}: read-only and rejected calls, {paid} paid call(s)")
    drifts = check(key, base_url, paid_calls=paid)
    for drift in drifts:
        print(f"DRIFT {drift}")
    print("no drift" if not drifts else f"{len(drifts)} drift(s): update the spec (see README, 'When the API changes')")
    return 1 if drifts else 0


if __name__ == "__main__":
    sys.exit(main())
