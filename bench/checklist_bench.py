"""The checklist page with a synthetic checklist of 1,000 items, measured in Chromium.

    .venv/bin/python bench/checklist_bench.py

Prints a Markdown table: time to restore 1,000 saved answers and render the scores (median of
reloads, measured inside the page), time from a click to the updated score (median of clicks), and
the size of the checklist's own JavaScript and CSS. The page loads two scripts: checklist-logic.js
(scoring, rating, merging answers: window.CharterChecklist) and then checklist.js (the page), which
calls the first for every score; both are measured, together and each.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, build_and_serve, copy_project  # noqa: E402

ITEMS, SECTIONS = 1000, 20
SCRIPTS = ("checklist-logic.js", "checklist.js")  # in the order the page loads them (mkdocs.yml)


def synthetic_checklist() -> dict:
    sections = []
    for s in range(SECTIONS):
        items = [
            {
                "id": f"bench-{s}-{i}",
                "question": f"第 {s + 1} 节第 {i + 1} 条：党组织会议是否按规定召开？",
                "guidance": "按会议记录判断。",
                "evidence": "会议记录本。",
                "points": 1 + i % 4,
                "verifies": ["party-meeting-frequency"],
            }
            for i in range(ITEMS // SECTIONS)
        ]
        sections.append({"id": f"bench-sec-{s}", "title": f"第 {s + 1} 节", "items": items})
    return {
        "id": "bench",
        "title": "千条自查",
        "version": "1.0.0",
        "order": 99,
        "scoring": {"达标": 1, "部分达标": 0.5, "未达标": 0},
        "ratings": [{"min_percent": 90, "label": "优秀"}, {"min_percent": 0, "label": "待改进"}],
        "sections": sections,
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        (project / "data" / "checklists" / "bench.yml").write_text(
            yaml.safe_dump(synthetic_checklist(), allow_unicode=True), encoding="utf-8"
        )
        url, server = build_and_serve(project)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "checklists/bench/")
            page.wait_for_selector(".charter-checklist[data-ready]")
            loaded = page.evaluate("() => [...document.scripts].map(s => s.src.split('/').pop().split('?')[0])")
            assert [name for name in loaded if name in SCRIPTS] == list(SCRIPTS), f"the page loads {loaded}"
            assert page.evaluate("() => typeof window.CharterChecklist.score") == "function", "checklist-logic.js ran"
            empty_setup = float(page.get_attribute(".charter-checklist", "data-setup-ms"))
            page.evaluate(
                """() => { const c = document.querySelector('.charter-checklist').checklist; const answers = {};
                let n = 0; for (const [id, item] of c.items) { answers[id] = {answer: ['达标','部分达标','未达标','不适用'][n++ % 4],
                note: '记录' + n, hash: item.hash}; }
                localStorage.setItem('charter-checklist:bench', JSON.stringify({format: 'school-charter-assessment', schema_version: 1,
                checklist: 'bench', version: '1.0.0', answers})); }"""
            )
            restore = []
            for _ in range(7):
                page.reload()
                page.wait_for_selector(".charter-checklist[data-ready]")
                restore.append(float(page.get_attribute(".charter-checklist", "data-setup-ms")))
            assert "已答 1000 / 1000" in page.inner_text(".checklist-overall")
            clicks = page.evaluate(
                """() => { const times = []; const radios = [...document.querySelectorAll('fieldset.checklist-answer input[value="达标"]')];
                for (let i = 0; i < 40; i++) { const radio = radios[(i * 37) % radios.length];
                  const t0 = performance.now(); radio.click(); document.querySelector('.checklist-overall').textContent;
                  times.push(performance.now() - t0); }
                return times; }"""
            )
            browser.close()
        server.shutdown()

    def size(names) -> tuple[int, int]:  # bytes and gzipped bytes, each file compressed on its own as it is served
        raws = [(ROOT / "docs" / "assets" / name).read_bytes() for name in names]
        return sum(map(len, raws)), sum(len(gzip.compress(raw, 9)) for raw in raws)

    scripts = " + ".join(f"{name} {size([name])[0]:,}" for name in SCRIPTS)
    together, zipped = size(SCRIPTS)
    css, css_zipped = size(["checklist.css"])
    print("| measure (1,000 items, 20 sections) | median | goal |\n| --- | --- | --- |")
    print(
        f"| restore 1,000 saved answers and render scores (checklist.js, scoring through checklist-logic.js) | {statistics.median(restore):.1f} ms (of {len(restore)} reloads; empty page {empty_setup:.1f} ms) | < 100 ms |"
    )
    print(
        f"| click → updated score (the save to localStorage follows 200 ms later) | {statistics.median(clicks):.2f} ms (max {max(clicks):.2f} ms, {len(clicks)} clicks) | < 16 ms |"
    )
    print(f"| our checklist scripts, loaded together | {scripts} = {together:,} bytes ({zipped:,} gzipped) | small |")
    print(f"| our checklist styles | checklist.css {css:,} bytes ({css_zipped:,} gzipped) | small |")


if __name__ == "__main__":
    main()
