"""briefgen in one process: load the project once, then build a brief N times.

    python bench/inprocess.py BRIEF [--count N] [--audience staff] [--format all] [--out DIR]
                                    [--time]

The twin of ``baseline.py --count N``: the benchmark runs both with N = 1 and N = 1 + k and
divides k by the difference, which gives documents per second without start-up. ``--time``
prints the seconds the last build took (after a first, warming build), for size scaling.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefgen.build import Project, build


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--audience", default="staff")
    parser.add_argument("--format", default="all")
    parser.add_argument("--out", type=Path, default=Path("out-inprocess"))
    parser.add_argument("--time", action="store_true")
    args = parser.parse_args(argv)
    project = Project.load()
    audiences = list(project.profiles) if args.audience == "all" else args.audience.split(",")
    formats = ["pdf", "docx"] if args.format == "all" else args.format.split(",")
    took = 0.0
    for _ in range(args.count):
        started = time.perf_counter()
        build(project, args.brief, audiences, formats, args.out)
        took = time.perf_counter() - started
    if args.time:
        print(f"{took:.6f}")


if __name__ == "__main__":
    main(sys.argv[1:])
