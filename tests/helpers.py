"""Helpers shared by the tests: run the ``kg`` command as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_kg(
    *args: str,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg ARGS`` in the project (or ``cwd``) and capture its text output.

    ``env`` adds to (or overrides) the environment of the test run.
    """
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
        env={**os.environ, **env} if env else None,
    )


def run_kg_bytes(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Like :func:`run_kg`, but keep the raw bytes (line endings, encodings)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, cwd=cwd or ROOT, timeout=300
    )
