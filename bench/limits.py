"""How long a brief at every documented limit takes to build (docs/brief-format.md, Limits).

    python bench/limits.py [--max-seconds 60]

Writes two worst-case briefs into a temporary folder, builds each for every audience in
both formats with the command line, and fails if either takes longer than the bound:
500 recommendations with long rationales (the item limit, near the text limit),
250,000 characters of background text (the text limit, in 20,000-character fields), and
the same amount of unclosed inline markup (``[``, ``*``, ``_``), the slowest to lay out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = """\
title: Limits
date: 2026-11-30
author: Bench
sensitivity: public
summary:
  - The bottom line.
"""


def filler(n: int) -> str:
    words = [
        "the",
        "partnership",
        "is",
        "durable",
        "but",
        "not",
        "an",
        "alliance",
        "and",
        "its",
        "limits",
        "matter",
    ]
    out: list[str] = []
    size = 0
    while size < n:
        word = words[len(out) % len(words)]
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:n].strip()


def briefs(folder: Path) -> list[Path]:
    recs = "".join(
        f"  - action: Approve measure {i}\n    rationale: {filler(450)}\n    owner: Desk {i}\n"
        for i in range(500)
    )
    text = "".join(f"  - heading: Part {i}\n    text: {filler(19_990)}\n" for i in range(12))
    unclosed = ("[*a [b _c " * 2_000)[:19_990]
    markup = "".join(f"  - heading: Part {i}\n    text: '{unclosed}'\n" for i in range(12))
    made = []
    for name, body in (
        ("recommendations", "recommendations:\n" + recs),
        ("text", "background:\n" + text),
        ("markup", "background:\n" + markup),
    ):
        path = folder / f"{name}.yaml"
        path.write_text(HEAD + body, encoding="utf-8")
        made.append(path)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for brief in briefs(Path(tmp)):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "briefgen", "-q", "build", str(brief), "-o", tmp],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            took = time.perf_counter() - start
            worst = max(worst, took)
            print(f"{brief.name}: {brief.stat().st_size:,} bytes, built in {took:.1f} s")
    if worst > args.max_seconds:
        print(f"slower than the {args.max_seconds:.0f} s bound", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
