"""A sentinel brief: a unique marker per level in every field a brief has (chart labels and
alt text included), for any scheme.

Each marker is a made-up word (``zqxredactionzq`` style) naming its level and field, so a
scan of an output for the markers of every level above an audience's clearance proves that
nothing of those levels reached it, wherever it might have gone.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefgen.markings import Scheme


def marker(level: str, field: str) -> str:
    """``zqxamberstrictxcaptionzq``: letters only, so no renderer splits or changes it."""
    return "zqx" + re.sub(r"[^a-z]", "", level.lower()) + "x" + field + "zq"


def brief(scheme: Scheme, audience_names: list[str]) -> dict[str, object]:
    """The sentinel brief as data: title at the top level, subject one below it, the header
    block at the top level, and one item per level in every list."""
    levels = scheme.names
    top, lowest = levels[-1], levels[0]
    middle = levels[len(levels) // 2]

    def m(level: str, field: str) -> str:
        return marker(level, field)

    data: dict[str, object] = {
        "title": f"Title {m(top, 'title')}",
        "subtitle": f"Subtitle {m(top, 'subtitle')}",
        "release_title": f"Release {m(lowest, 'releasetitle')}",
        "date": "2026-11-30",
        "author": "Ann Author",
        "for": f"Addressee {m(top, 'for')}",
        "from": f"Sender {m(top, 'from')}",
        "subject": f"Subject {m(middle, 'subject')}",
        "keywords": [f"kw {m(top, 'keyword')}"],
        "marking": scheme.name,
        "sensitivity": top,
        "title_sensitivity": top,
        "subject_sensitivity": middle,
        "summary": [], "key_judgments": [], "background": [], "threats": [],
        "opportunities": [], "recommendations": [], "tables": [], "charts": [], "sources": [],
    }
    for level in levels:
        lists = {k: v for k, v in data.items() if isinstance(v, list) and k != "keywords"}
        source = f"src-{re.sub(r'[^a-z]', '', level)}"
        lists["summary"].append(
            {"sensitivity": level, "text": f"Summary {m(level, 'summary')} [@{source}]"}
        )
        lists["key_judgments"].append(
            {"sensitivity": level, "text": f"Judgment {m(level, 'judgment')}",
             "likelihood": "likely", "confidence": "high"}
        )
        lists["background"].append(
            {"sensitivity": level, "heading": f"Heading {m(level, 'heading')}",
             "text": f"Para one {m(level, 'bgtext')}\n\nPara two {m(level, 'bgtexttwo')}",
             "bullets": [{"text": f"Bullet {m(level, 'bullet')}"}]}
        )
        for name in ("threats", "opportunities"):
            lists[name].append(
                {"sensitivity": level, "title": f"Risk {m(level, name + 'title')}",
                 "text": f"Risk text {m(level, name)}", "likelihood": "unlikely",
                 "impact": "high"}
            )
        lists["recommendations"].append(
            {"sensitivity": level, "action": f"Act {m(level, 'action')}",
             "rationale": f"Because {m(level, 'rationale')}", "owner": f"{m(level, 'owner')}",
             "timeframe": f"By {m(level, 'timeframe')}", "priority": "high"}
        )
        lists["tables"].append(
            {"id": f"tab-{source}", "sensitivity": level,
             "caption": f"Caption {m(level, 'caption')}",
             "columns": ["Name", f"{m(level, 'column')}"],
             "rows": [[f"{m(level, 'cell')}", "12"]], "note": f"Note {m(level, 'note')}"}
        )
        lists["charts"].append(
            {"id": f"chart-{source}", "sensitivity": level, "kind": "bar",
             "caption": f"Chart {m(level, 'chartcaption')}", "alt": f"Alt {m(level, 'alt')}",
             "categories": [m(level, "category"), "Other"],
             "series": [{"name": m(level, "series"), "values": [3, 5]}],
             "unit": m(level, "unit"), "note": f"Chart note {m(level, 'chartnote')}"}
        )
        lists["sources"].append(
            {"id": source, "sensitivity": level, "title": f"Work {m(level, 'source')}",
             "publisher": f"{m(level, 'publisher')}", "author": f"{m(level, 'author')}",
             "url": f"https://example.org/{m(level, 'url')}", "date": "2020-05-01"}
        )
    del audience_names
    return data


def write(scheme: Scheme, folder: Path) -> Path:
    path = folder / f"sentinel-{scheme.name}.yaml"
    path.write_text(yaml.safe_dump(brief(scheme, []), sort_keys=False), encoding="utf-8")
    return path


def markers_above(scheme: Scheme, clearance: str) -> list[str]:
    """Every marker the sentinel brief has at levels above ``clearance``."""
    data = brief(scheme, [])
    rank = scheme.rank(clearance)
    text = yaml.safe_dump(data)
    found = set(re.findall(r"zqx[a-z]+?x[a-z]+zq", text))
    return sorted(
        word
        for word in found
        for level in scheme.names[rank + 1 :]
        if word.startswith("zqx" + re.sub(r"[^a-z]", "", level.lower()) + "x")
    )
