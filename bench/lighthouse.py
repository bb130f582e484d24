"""Lighthouse (from npm) against Debian's Chromium on the home page, a rule page and a checklist.

    .venv/bin/python bench/lighthouse.py

Installs lighthouse into bench/.node on first use (npm registry), builds the site, serves it
locally and prints a Markdown table of the performance, accessibility and best-practices scores.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import build_and_serve, copy_project  # noqa: E402

LIGHTHOUSE = "13.5.0"
PAGES = ["", "rules/party-organization-meeting/", "checklists/meetings/"]
CATEGORIES = ("performance", "accessibility", "best-practices")
RUNS = 3
NODE = ROOT / "bench" / ".node"


def lighthouse_bin() -> Path:
    binary = NODE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE}"], check=True)
    return binary


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        url, server = build_and_serve(project)
        rows, notes = [], set()
        flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
        for page in PAGES:
            scores = {c: [] for c in CATEGORIES}
            for _ in range(RUNS):  # the machine is shared: report the median of several runs
                report = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        str(binary),
                        url + page,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        f"--chrome-flags={flags}",
                        "--only-categories=" + ",".join(CATEGORIES),
                        "--preset=desktop",
                    ],
                    check=True,
                    env={**os.environ, "CHROME_PATH": chromium},
                )
                result = json.loads(report.read_text(encoding="utf-8"))
                categories = result["categories"]
                for category in CATEGORIES:
                    scores[category].append(categories[category]["score"])
                    for ref in categories[category]["auditRefs"]:
                        audit = result["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                            items = (audit.get("details") or {}).get("items", [])[:3]
                            nodes = [str((i.get("node") or {}).get("selector", "")) for i in items if isinstance(i, dict)]
                            notes.add(f"/{page} {category}: {audit['title']} {nodes}")
            rows.append(
                [f"/{page}"] + [f"{statistics.median(scores[c]):.2f} ({min(scores[c]):.2f}–{max(scores[c]):.2f})" for c in CATEGORIES]
            )
        server.shutdown()
    print(f"| page (median of {RUNS} runs, range) | performance | accessibility | best practices |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if notes:
        print("\nAudits below 0.9 in any run:\n\n" + "\n".join(f"- {note}" for note in sorted(notes)))
    print(
        "\nGoals: performance ≥ 0.98, accessibility 1.00, best practices 1.00 (Lighthouse " + LIGHTHOUSE + ", desktop preset). "
        "The site is served by Python's `http.server`, without compression, as an unconfigured intranet server would "
        "serve it: the slow case."
    )


if __name__ == "__main__":
    main()
