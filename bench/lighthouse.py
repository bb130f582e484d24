"""Lighthouse (from npm) against Debian's Chromium on the home page, a rule page and a checklist.

    .venv/bin/python bench/lighthouse.py

Installs lighthouse into bench/.node on first use (npm registry), builds the site, serves it
locally and prints a Markdown table of the performance, accessibility and best-practices scores.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project, free_port, mkdocs_build, serve, set_site_url  # noqa: E402

LIGHTHOUSE = "13.5.0"
PAGES = ["", "rules/party-organization-meeting/", "checklists/meetings/"]
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
        port = free_port()
        set_site_url(project, f"http://127.0.0.1:{port}/")
        result = mkdocs_build(project)
        if result.returncode:
            raise SystemExit(result.stderr)
        url, server = serve(project / "site", port)
        rows, notes = [], []
        flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
        for page in PAGES:
            report = Path(tmp) / "report.json"
            subprocess.run(
                [
                    str(binary),
                    url + page,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility,best-practices",
                    "--preset=desktop",
                ],
                check=True,
                env={**os.environ, "CHROME_PATH": chromium},
            )
            result = json.loads(report.read_text(encoding="utf-8"))
            categories = result["categories"]
            rows.append([f"/{page}"] + [f"{categories[c]['score']:.2f}" for c in ("performance", "accessibility", "best-practices")])
            for category in ("performance", "accessibility", "best-practices"):
                for ref in categories[category]["auditRefs"]:
                    audit = result["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                        items = (audit.get("details") or {}).get("items", [])[:3]
                        nodes = [str((i.get("node") or {}).get("selector", "")) for i in items if isinstance(i, dict)]
                        notes.append(f"/{page} {category}: {audit['title']} ({audit.get('displayValue', audit['score'])}) {nodes}")
        server.shutdown()
    print("| page | performance | accessibility | best practices |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if notes:
        print("\nAudits below 0.9:\n\n" + "\n".join(f"- {note}" for note in notes))
    print("\nGoals: performance ≥ 0.98, accessibility 1.00, best practices 1.00 (Lighthouse " + LIGHTHOUSE + ", desktop preset).")


if __name__ == "__main__":
    main()
