"""The README opens with the two set-up commands, and the commands they invoke work."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from helpers import run_kg

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)\n(.*?)```", text, re.S)
    assert block, "README has no set-up code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install -e . && kg ")
    assert commands[1] == 'pip install -e ".[test]" && pytest'
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("```") < 400, "the set-up commands must open the README"


def test_readme_main_job_runs() -> None:
    main_job = readme_commands()[0].split("&&", 1)[1].strip()
    argv = shlex.split(main_job)
    assert argv[0] == "kg"
    proc = run_kg(*argv[1:])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Interpretation:")
    assert "[118] Tian2019-118" in proc.stdout


def test_ci_runs_exactly_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "python3 -m venv" in ci
