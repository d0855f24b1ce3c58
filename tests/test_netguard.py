"""The network guard of the test run refuses, and reports, any reach beyond this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

LOG = Path(os.environ["KG_NETGUARD_LOG"])


def _take_log() -> str:
    text = LOG.read_text(encoding="utf-8")
    LOG.write_text("", encoding="utf-8")
    return text


def test_a_connection_beyond_loopback_is_refused_and_logged() -> None:
    with pytest.raises(ConnectionRefusedError, match="blocked by the test guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1
    assert "192.0.2.1" in _take_log()


def test_a_name_lookup_is_refused_and_logged() -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.getaddrinfo("example.org", 443)
    assert "example.org" in _take_log()


def test_a_child_python_process_is_guarded_too() -> None:
    code = "import urllib.request; urllib.request.urlopen('http://example.org/', timeout=2)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "example.org" in _take_log()


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
    assert _take_log() == ""
