"""briefgen's benchmark: start-up, one brief, a thousand briefs, big briefs — against a floor.

    python bench/run.py [--quick] [--only sizes,cold,startup,routes,rate,batch,memory,scale]

Prints a Markdown table of medians and min–max over repeated runs, then the targets of
issue 7 as ratios measured side by side in this one run. Timings come from hyperfine when it
is installed (``apt-get install hyperfine``), else from a timing loop here. The routes users
take today are timed when ``pandoc`` and LibreOffice's ``soffice`` are installed.

Every briefgen command runs from this checkout (``PYTHONPATH=src``) with ``--force``, so
nothing is skipped as up to date, and with its own cache folder. "Cold" means a new process
each run; the caches of compiled templates and parsed fonts are warm, as they are from a
user's second build on.
``--quick`` shrinks the batch, memory and size runs for a smoke test; its numbers are not
the benchmark's.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "briefs" / "sino-russian-partnership.yaml"
PY = sys.executable
SECTIONS = ("sizes", "cold", "startup", "routes", "rate", "batch", "memory", "scale")


@dataclass
class Stat:
    label: str
    times: list[float]
    cpu: float | None = None  # mean user + system seconds, where known

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def row(self) -> str:
        lo, hi = min(self.times), max(self.times)
        cpu = f"{self.cpu * 1000:,.0f} ms" if self.cpu is not None else "–"
        return (
            f"| {self.label} | {self.median * 1000:,.0f} ms | "
            f"{lo * 1000:,.0f}–{hi * 1000:,.0f} ms | {cpu} | {len(self.times)} |"
        )


class Bench:
    def __init__(self, work: Path, quick: bool) -> None:
        self.work = work
        self.quick = quick
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": str(work / "cache"),
        }
        self.hyperfine = shutil.which("hyperfine")
        # An installed briefgen has its bytecode compiled by pip; so does this checkout here.
        subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
        self.stats: list[Stat] = []
        self.ratios: list[tuple[str, str, bool | None]] = []

    def time(self, commands: dict[str, list[str]], runs: int = 10, warmup: int = 2) -> list[Stat]:
        """Time each command; hyperfine runs them one after another in one call."""
        if self.quick:
            runs, warmup = min(runs, 3), min(warmup, 1)
        if self.hyperfine:
            export = self.work / "hyperfine.json"
            argv = [self.hyperfine, "-N", "--style", "none", "--warmup", str(warmup)]
            argv += ["--runs", str(runs), "--export-json", str(export)]
            for label, command in commands.items():
                argv += ["-n", label, shlex.join(command)]
            subprocess.run(argv, env=self.env, check=True, stdout=subprocess.DEVNULL)
            results = json.loads(export.read_text())["results"]
            stats = [Stat(r["command"], r["times"], r["user"] + r["system"]) for r in results]
        else:
            stats = []
            for label, command in commands.items():
                for _ in range(warmup):
                    subprocess.run(command, env=self.env, check=True, capture_output=True)
                times, cpu = [], []
                for _ in range(runs):
                    started = time.perf_counter()
                    child = subprocess.Popen(
                        command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                    _, status, usage = os.wait4(child.pid, 0)
                    times.append(time.perf_counter() - started)
                    if status:
                        raise subprocess.CalledProcessError(status, command)
                    cpu.append(usage.ru_utime + usage.ru_stime)
                stats.append(Stat(label, times, statistics.mean(cpu)))
        self.stats += stats
        return stats

    def ratio(self, what: str, value: float, target: float, *, at_least: bool = False) -> None:
        met = value >= target if at_least else value <= target
        sign = "≥" if at_least else "≤"
        self.ratios.append((what, f"{value:.2f}× (target {sign} {target}×)", met))

    def fact(self, what: str, text: str, met: bool | None = None) -> None:
        self.ratios.append((what, text, met))

    def briefgen(self, *args: str | Path) -> list[str]:
        return [PY, "-m", "briefgen", *map(str, args)]

    # --- the sections -------------------------------------------------------------------

    def sizes(self) -> None:
        """What an analyst attaches: the staff memo's files, against the size targets."""
        out = self.work / "sizes"
        subprocess.run(
            self.briefgen("build", BRIEF, "--force", "-a", "staff", "-f", "all", "-o", out),
            check=True, capture_output=True,
        )
        for suffix, limit in ((".pdf", 80), (".docx", 25)):
            (path,) = out.glob(f"*-staff{suffix}")
            size = path.stat().st_size / 1024
            self.fact(f"staff {suffix[1:].upper()} size", f"{size:.1f} KB (target ≤ {limit} KB)",
                      size <= limit)

    def cold(self) -> None:
        out, base = self.work / "cold", self.work / "cold-baseline"
        baseline = [PY, str(ROOT / "bench" / "baseline.py"), str(BRIEF), "--out", str(base)]
        build = self.briefgen("build", BRIEF, "--force", "-o", out)
        b_pdf, g_pdf, g1_pdf, b_all, g_all, g1_all, g_six = self.time(
            {
                "baseline: staff PDF": [*baseline, "--format", "pdf"],
                "briefgen: staff PDF": [*build, "-a", "staff", "-f", "pdf"],
                "briefgen: staff PDF, one process (--jobs 1)": [
                    *build, "-a", "staff", "-f", "pdf", "--jobs", "1"
                ],
                "baseline: staff PDF + DOCX": [*baseline, "--format", "all"],
                "briefgen: staff PDF + DOCX": [*build, "-a", "staff", "-f", "all"],
                "briefgen: staff PDF + DOCX, one process (--jobs 1)": [
                    *build, "-a", "staff", "-f", "all", "--jobs", "1"
                ],
                "briefgen: 3 audiences × 2 formats": [*build, "-a", "all", "-f", "all"],
            },
            runs=15,
        )
        self.ratio("cold staff PDF ÷ baseline PDF", g_pdf.median / b_pdf.median, 1.15)
        self.ratio("cold staff PDF+DOCX ÷ baseline both", g_all.median / b_all.median, 1.15)
        self.ratio("cold six files ÷ cold staff PDF+DOCX", g_six.median / g_all.median, 1.6)
        if all(s.cpu for s in (b_pdf, g_pdf, b_all, g_all)):
            pdf = g_pdf.cpu / b_pdf.cpu  # type: ignore[operator]
            both = g_all.cpu / b_all.cpu  # type: ignore[operator]
            self.fact("the same two, in CPU time (both processes)", f"{pdf:.2f}× and {both:.2f}×")
        one_pdf, one_all = g1_pdf.median / b_pdf.median, g1_all.median / b_all.median
        self.fact("the same two in one process (--jobs 1)", f"{one_pdf:.2f}× and {one_all:.2f}×")

    def startup(self) -> None:
        click, helps, version = self.time(
            {
                "python -c 'import click'": [PY, "-c", "import click"],
                "briefgen --help": self.briefgen("--help"),
                "briefgen --version": self.briefgen("--version"),
            },
            runs=20,
        )
        self.ratio("--help ÷ python + click", helps.median / click.median, 1.5)
        self.ratio("--version ÷ python + click", version.median / click.median, 1.5)

    def routes(self) -> None:
        out = self.work / "routes"
        subprocess.run(
            self.briefgen("build", BRIEF, "--force", "-a", "staff", "-o", out),
            env=self.env, check=True, capture_output=True,
        )
        docx = next(out.glob("*-staff.docx"))
        commands = {"briefgen: staff PDF": self.briefgen(
            "build", BRIEF, "--force", "-a", "staff", "-f", "pdf", "-o", out
        )}
        pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice")
        if pandoc:
            markdown = self.work / "staff.md"
            script = (
                "import sys; from pathlib import Path; from briefgen.build import Project; "
                "from briefgen.audience import select; p = Project.load(); "
                "o = p.read(Path(sys.argv[1])); "
                "s = select(o, p.profiles['staff'], p.scheme); "
                "Path(sys.argv[2]).write_text(p.templates.render(s)[0], encoding='utf-8')"
            )
            subprocess.run([PY, "-c", script, str(BRIEF), str(markdown)], env=self.env, check=True)
            commands["pandoc: staff Markdown → DOCX"] = [
                pandoc, str(markdown), "-o", str(self.work / "pandoc.docx")
            ]
        if soffice:
            profile = (self.work / "lo-profile").as_uri()
            commands["LibreOffice: staff DOCX → PDF"] = [
                soffice, f"-env:UserInstallation={profile}", "--headless",
                "--convert-to", "pdf", "--outdir", str(self.work / "lo"), str(docx),
            ]
        stats = self.time(commands, runs=5, warmup=1)
        if soffice:
            ours, office = stats[0], stats[-1]
            self.ratio(
                "LibreOffice route ÷ briefgen PDF", office.median / ours.median, 4, at_least=True
            )
        else:
            self.fact("LibreOffice route", "not measured: soffice is not installed")

    def rate(self) -> None:
        extra = 5 if self.quick else 20
        out, base = self.work / "rate", self.work / "rate-baseline"
        inprocess = [PY, str(ROOT / "bench" / "inprocess.py"), str(BRIEF), "--out", str(out)]
        baseline = [PY, str(ROOT / "bench" / "baseline.py"), str(BRIEF), "--out", str(base)]
        b1, bn, g1, gn = self.time(
            {
                "baseline: 1 staff pair in one process": [*baseline, "--count", "1"],
                f"baseline: {1 + extra} staff pairs in one process": [
                    *baseline, "--count", str(1 + extra)
                ],
                "briefgen: 1 staff pair in one process": [*inprocess, "--count", "1"],
                f"briefgen: {1 + extra} staff pairs in one process": [
                    *inprocess, "--count", str(1 + extra)
                ],
            },
            runs=5,
            warmup=1,
        )
        base_rate = extra / (bn.median - b1.median)
        our_rate = extra / (gn.median - g1.median)
        self.fact("baseline: pairs per second", f"{base_rate:.1f}")
        self.fact("briefgen: pairs per second", f"{our_rate:.1f}")
        self.ratio("briefgen rate ÷ baseline rate", our_rate / base_rate, 0.9, at_least=True)

    def _briefs(self, count: int) -> Path:
        folder = self.work / f"briefs-{count}"
        if not folder.exists():
            folder.mkdir()
            text = BRIEF.read_text(encoding="utf-8")
            for n in range(count):
                body = text.replace("\nlanguage: en\n", f"\nlanguage: en\nslug: brief-{n:04d}\n")
                (folder / f"brief-{n:04d}.yaml").write_text(body, encoding="utf-8")
        return folder

    def batch(self) -> None:
        count = 20 if self.quick else 200
        folder = self._briefs(count)
        one, two = self.time(
            {
                f"batch of {count} briefs, --jobs 1": self.briefgen(
                    "-q", "build", folder, "--force", "-o", self.work / "batch-1", "--jobs", "1"
                ),
                f"batch of {count} briefs, --jobs 2": self.briefgen(
                    "-q", "build", folder, "--force", "-o", self.work / "batch-2", "--jobs", "2"
                ),
            },
            runs=3,
            warmup=0,
        )
        self.ratio(f"{count} briefs: --jobs 1 ÷ --jobs 2", one.median / two.median, 1.7,
                   at_least=True)

    def memory(self) -> None:
        count, early = (100, 20) if self.quick else (1000, 50)
        folder = self._briefs(count)
        out = self.work / "memory"
        process = subprocess.Popen(
            self.briefgen("-q", "build", folder, "--force", "-o", out, "--jobs", "2"),
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        files_per_brief = 6
        at_early: dict[int, int] = {}
        peak: dict[int, int] = {}
        while process.poll() is None:
            children = _children(process.pid)
            rss = {pid: _rss_kib(pid) for pid in children}
            built = len(os.listdir(out)) if out.exists() else 0
            for pid, kib in rss.items():
                if kib is None:
                    continue
                peak[pid] = max(peak.get(pid, 0), kib)
                if built >= early * files_per_brief and pid not in at_early:
                    at_early[pid] = kib
            time.sleep(0.1)
        growth = [(peak[pid] - at_early[pid]) / 1024 for pid in at_early]
        if not growth:
            self.fact("memory", "not measured: no worker was seen", False)
            return
        worst = max(growth)
        text = ", ".join(
            f"{at_early[p] / 1024:.0f} → {peak[p] / 1024:.0f} MB" for p in sorted(at_early)
        )
        self.fact(
            f"worker RSS after {early} briefs → peak over {count} (per worker)",
            f"{text}; largest growth {worst:.1f} MB (target < 20 MB)",
            worst < 20,
        )

    def scale(self) -> None:
        targets = (10, 50) if self.quick else (10, 50, 100)
        per_page: dict[int, float] = {}
        rows = []
        for pages in targets:
            brief, actual = self._big_brief(pages)
            times = []
            for _ in range(3 if self.quick else 5):
                result = subprocess.run(
                    [PY, str(ROOT / "bench" / "inprocess.py"), str(brief), "--count", "2",
                     "--time", "--out", str(self.work / "scale")],
                    env=self.env, check=True, capture_output=True, text=True,
                )
                times.append(float(result.stdout))
            stat = Stat(f"one {actual}-page brief (staff PDF + DOCX, in process)", times)
            self.stats.append(stat)
            per_page[pages] = stat.median / actual
            rows.append(f"{actual} pages: {per_page[pages] * 1000:.1f} ms/page")
        self.fact("cost per page", "; ".join(rows))
        last = targets[-1]
        self.ratio(f"per-page cost at {last} ÷ at 10 pages", per_page[last] / per_page[10], 1.5)

    def _big_brief(self, pages: int) -> tuple[Path, int]:
        """A brief whose staff PDF has about ``pages`` pages: the background repeated, each
        copy with a table of 40 short rows (prose alone would pass the brief's 250,000-
        character limit before 100 pages)."""
        def make(sections: int) -> tuple[Path, int]:
            text = BRIEF.read_text(encoding="utf-8")
            head, rest = text.split("\nbackground:\n", 1)
            background, tail = rest.split("\nthreats:\n", 1)
            copies, tables = [], []
            rows = "".join(f'      - ["Item {r}", "{7 * r}", "{2000 + r}"]\n' for r in range(40))
            for n in range(sections):
                copy = re.sub(r"id: (bg-[\w-]+)", rf"id: \1-{n}", background)
                copies.append(copy.replace("heading: ", f"heading: {n + 1}. ", 3))
                tables.append(
                    f"  - id: series-{n}\n    caption: Series {n + 1}\n"
                    f"    columns: [Item, Value, Year]\n    align: [left, right, right]\n"
                    f"    rows:\n{rows}"
                )
            tail = tail.replace("\ntables:\n", "\ntables:\n" + "".join(tables), 1)
            path = self.work / f"big-{sections}.yaml"
            path.write_text(
                head + "\nbackground:\n" + "\n".join(copies) + "\nthreats:\n" + tail,
                encoding="utf-8",
            )
            out = self.work / f"big-{sections}"
            subprocess.run(
                self.briefgen("build", path, "--force", "-a", "staff", "-f", "pdf", "-o", out),
                env=self.env, check=True, capture_output=True,
            )
            pdf = next(out.glob("*.pdf"))
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            match = re.search(r"Pages:\s+(\d+)", info)
            if match:
                return path, int(match.group(1))
            from pypdf import PdfReader

            return path, len(PdfReader(str(pdf)).pages)

        _, small_pages = make(1)
        _, large_pages = make(20)
        per_section = (large_pages - small_pages) / 19
        sections = max(1, round(1 + (pages - small_pages) / per_section))
        return make(sections)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) if match else None


def _machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    tools = []
    for tool in ("hyperfine", "pandoc", "soffice"):
        path = shutil.which(tool)
        if path:
            first = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
            tools.append(first.splitlines()[0] if first else tool)
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores "
        f"(`nproc` {len(os.sched_getaffinity(0))}), {cpu}; Python {platform.python_version()}; "
        + "; ".join(tools)
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small runs, for a smoke test")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = parser.parse_args(argv)
    wanted = [s for s in args.only.split(",") if s]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as temp:
        bench = Bench(Path(temp), args.quick)
        for section in SECTIONS:
            if section in wanted:
                print(f"… {section}", file=sys.stderr, flush=True)
                getattr(bench, section)()
    print(f"Machine: {_machine()}\n")
    print("| run | median | min–max | CPU, mean | runs |\n|---|---:|---:|---:|---:|")
    for stat in bench.stats:
        print(stat.row())
    print("\n| target | measured | met |\n|---|---|---|")
    for what, text, met in bench.ratios:
        mark = "" if met is None else ("yes" if met else "**no**")
        print(f"| {what} | {text} | {mark} |")


if __name__ == "__main__":
    main(sys.argv[1:])
