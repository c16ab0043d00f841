"""What tagging costs: PDF build time with and without the structure tree.

Times are CPU time of this process (``time.process_time``), so other work on a shared
machine slows the clock less than it would wall time.

    python bench/tagging.py [--rounds N]

Renders the shipped brief (every audience) and the accessibility test brief (six pages with
a table over three of them) as PDF, tagged and untagged, alternating so that both see the
same machine load, and prints the best and median round of each and the overhead: the median
of the rounds' tagged/untagged ratios. Exits 1 when tagging costs more than 10 % of the
untagged build time (the target), 0 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from briefgen.backends import pdf_writer
from briefgen.build import Project

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = [
    ROOT / "briefs" / "sino-russian-partnership.yaml",
    ROOT / "tests" / "briefs" / "accessibility.yaml",
]
TARGET = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    project = Project.load()
    documents = [
        project.document(project.read(brief), audience)
        for brief in BRIEFS
        for audience in project.profiles
    ]
    for document in documents:  # warm up: fonts, imports, caches
        pdf_writer.render(document, tagged=True)
        pdf_writer.render(document, tagged=False)
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for tagged in (False, True):
            start = time.process_time()
            for document in documents:
                pdf_writer.render(document, tagged=tagged)
            times[tagged].append(time.process_time() - start)
    print(f"{len(documents)} documents, {rounds} rounds of each, alternating")
    for label, pick in (("best", min), ("median", statistics.median)):
        plain, tagged = pick(times[False]), pick(times[True])
        print(f"{label:>6}: untagged {plain * 1000:7.1f} ms, tagged {tagged * 1000:7.1f} ms")
    # Each round runs both back to back, so their ratio sees the same machine load; the
    # median ratio is the least disturbed by other work on a shared machine.
    ratios = [t / p for t, p in zip(times[True], times[False], strict=True)]
    overhead = statistics.median(ratios) - 1
    print(f"tagging costs {overhead:.1%} of the PDF build time (target ≤ {TARGET:.0%})")
    return 0 if overhead <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
