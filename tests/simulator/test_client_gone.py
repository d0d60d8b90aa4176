"""A client that goes away in the middle of sending a body (a run killed with kill -9) is no
error of `bulkspot serve`: nothing is made, and nothing is printed.

Seen before: every such request printed aiohttp's "Error handling request" and a traceback
ending in `ConnectionResetError: Connection lost` on the simulator's stderr."""

from __future__ import annotations

import json
import signal
import socket
import urllib.request

from tests.simulator.test_serve_cli import serving

KEY, TOKEN = "sandbox-key", "sandbox-token"


def _stats(url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{url}/__simulator/stats", timeout=10) as answer:
        found: dict[str, object] = json.load(answer)
        return found


def test_a_client_gone_mid_body_leaves_no_traceback_and_makes_nothing() -> None:
    with serving("--rate", "0") as (process, url):
        port = int(url.rsplit(":", 1)[1])
        cut = 3
        for _ in range(cut):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                client.sendall(
                    f"POST /v2/eventspot/events?api_key={KEY} HTTP/1.1\r\n"
                    f"Host: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                    '{"name": "half an ev'.encode()
                )
        stats = _stats(url)
        assert stats["requests"] == cut  # each was admitted, then its client went away
        assert stats["resources"] == {
            "events": 0, "fees": 0, "items": 0, "attributes": 0, "promocodes": 0,
            "registrants": 0, "folders": 0, "files": 0, "lists": 0, "campaigns": 0,
            "schedules": 0,
        }  # fmt: skip
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stderr == ""


def test_a_malformed_request_is_refused_in_one_line_without_a_traceback() -> None:
    """Seen before: a header line over aiohttp's limit, or a chunk size that is no number,
    printed "Error handling request" and aiohttp's traceback on the simulator's stderr."""
    with serving("--rate", "0") as (process, url):
        port = int(url.rsplit(":", 1)[1])
        for sent in (
            b"GET /v2/eventspot/events HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n",
            f"POST /v2/eventspot/events?api_key={KEY} HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n".encode(),
        ):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                client.sendall(sent)
                assert client.recv(100).startswith(b"HTTP/1.0 400 Bad Request")
        assert _stats(url)["resources"]["events"] == 0  # type: ignore[index]
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    said = stderr.splitlines()  # the part after the colon is aiohttp's words (>=3.9, <4)
    assert [line.partition(": ")[0] for line in said] == [
        "refused a malformed request (400)",
        "refused a malformed request (400)",
    ]
    assert "8190 bytes" in said[0] and "chunk size" in said[1]
