#!/usr/bin/env python3
"""Write tests/data/review-shingles.txt: hashes of every 8-word run of the review's prose.

The project never holds the review's sentences; this file lets a test check that none of our
text repeats eight consecutive words of the review, without storing those words. Regenerate
with `python .ci/review-shingles.py ../shared/source/<review>.txt` (the title and the
reference list are left out: citing them is not copying).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

WIDTH = 8


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words; the same normalisation the test uses."""
    return re.findall(r"[a-z0-9]+", text.lower())


def shingle_hashes(text: str) -> set[str]:
    """40-bit hashes of every run of WIDTH consecutive words."""
    w = words(text)
    return {
        hashlib.sha256(" ".join(w[i : i + WIDTH]).encode()).hexdigest()[:10]
        for i in range(len(w) - WIDTH + 1)
    }


def main() -> None:
    """Write the hash file for the review given on the command line."""
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    prose = source.split("\nReferences\n", 1)[0]
    title = next(line for line in prose.splitlines() if line.strip())
    prose = prose.replace(title, "", 1)  # quoting the title is citing, not copying
    out = Path(__file__).resolve().parent.parent / "tests" / "data" / "review-shingles.txt"
    out.write_text("\n".join(sorted(shingle_hashes(prose))) + "\n", encoding="utf-8")
    print(f"{out}: {len(shingle_hashes(prose))} hashes")


if __name__ == "__main__":
    main()
