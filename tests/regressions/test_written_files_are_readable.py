"""Regression: files written by ``kg dump -o`` / ``kg export -o`` were private (mode 0600),
because the atomic write goes through ``tempfile.mkstemp``; they now get the usual mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kg.dump import write_atomic


def test_atomic_write_gives_the_mode_open_would(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        target = tmp_path / "out.ttl"
        write_atomic(b"data", target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        os.umask(0o077)
        write_atomic(b"data", tmp_path / "private.ttl")
        assert stat.S_IMODE((tmp_path / "private.ttl").stat().st_mode) == 0o600
    finally:
        os.umask(umask)
