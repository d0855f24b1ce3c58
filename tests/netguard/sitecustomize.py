"""Network guard for the test run: no Python process may reach beyond this machine.

Imported at start-up by every Python process the tests start (``tests/conftest.py`` puts this
folder on ``PYTHONPATH``), and installed in the test process itself. An audit hook refuses
any connection, datagram or name lookup that is not for the loopback interface, and writes
it to the file named by ``KG_NETGUARD_LOG``, which ``conftest.py`` checks after every test.
"""

from __future__ import annotations

import os
import sys

LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0", "::", ""}


def _host(address: object) -> str | None:
    """The host of a socket address, or None for a local (Unix) socket."""
    if isinstance(address, tuple) and address:
        return str(address[0]) if address[0] is not None else ""
    return None


def _refuse(what: str) -> None:
    log = os.environ.get("KG_NETGUARD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{what} (pid {os.getpid()}: {' '.join(sys.argv)[:200]})\n")
    raise ConnectionRefusedError(f"network access blocked by the test guard: {what}")


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        host = _host(args[1]) if len(args) > 1 else None
        if host is not None and host not in LOOPBACK and not host.startswith("127."):
            _refuse(f"{event} to {args[1]!r}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and str(host) not in LOOPBACK and not str(host).startswith("127."):
            _refuse(f"name lookup of {host!r}")


def install() -> None:
    """Install the guard once in this process."""
    if not getattr(sys, "_kg_netguard", False):
        sys.addaudithook(_hook)
        sys._kg_netguard = True  # type: ignore[attr-defined]


if os.environ.get("KG_NETGUARD_LOG"):
    install()
