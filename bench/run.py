"""Benchmarks of the charter site, measured side by side in one run; results go to bench/RESULTS.md.

    .venv/bin/python bench/run.py [--runs 5] [--skip-browser] [--skip-lighthouse]

Figures are medians of several runs, or ratios of runs interleaved in the same go: the machines
are shared and noisy, so absolute seconds matter less than the ratios beside them.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from charter import load_charter  # noqa: E402
from charter.render import Renderer  # noqa: E402
from charter.search import SMALL_DICTIONARY, user_dictionary  # noqa: E402
from conftest import CHROMIUM_ARGS, chromium_path, copy_project, serve  # noqa: E402
from search_eval import load_queries, run_queries, summary  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def profile(project: Path, extra: list[str] | None = None, cold: bool = False, edit: str = "") -> dict:
    """One build in a fresh process: wall time measured here, parts measured inside.

    `cold`: with an empty build cache (a first build), instead of the usual one. `edit`: with this
    line added to one data file for the build (a change to the data: that file is read and checked
    again, the charter rendered again), and then taken out."""
    site = project / "site"
    edited = project / "data" / "school.yml"
    original = edited.read_bytes()
    if edit:
        edited.write_bytes(original + f"\n# {edit}\n".encode())
    shutil.rmtree(site, ignore_errors=True)
    env = ENV
    if cold:
        empty = Path(tempfile.mkdtemp(prefix="charter-cold-cache-"))
        env = {**ENV, "CHARTER_CACHE": str(empty)}
    begin = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "profile_build.py"), str(project / "mkdocs.yml"), str(site), *(extra or [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )
    wall = time.perf_counter() - begin
    if cold:
        shutil.rmtree(empty, ignore_errors=True)
    if edit:
        edited.write_bytes(original)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["jieba"] = data.get("jieba_load", 0) + data.get("jieba_cut", 0)
    hooks = sum(data.get(f"hook_{part}", 0) for part in ("import", "config", "files", "page_content", "post_build"))
    data["ours"] = hooks - data.get("jieba_load", 0)  # jieba's dictionary loads inside on_config (add_word)
    return data


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r.get(key, 0.0) for r in rows)


def share(runs: list[dict]) -> float:
    """Median of each run's own share of our hooks in its build."""
    return statistics.median(r["ours"] / r["wall"] for r in runs)


def ratio_to(runs: list[dict], plain: list[dict]) -> str:
    """Median of each run's wall time over the plain build's of the same round."""
    return f"{statistics.median(r['wall'] / p['wall'] for r, p in zip(runs, plain, strict=True)):.3f}"


# 1-2. Where the build's time goes; the same site without hooks


def plain_project(project: Path, target: Path) -> Path:
    """The generated Markdown dumped once and built as plain pages, same theme and plugins, no hooks."""
    plain = copy_project(target)
    charter = load_charter(project)
    renderer = Renderer(charter)
    for src_uri, content in renderer.pages().items():
        path = plain / "docs" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    text = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    text = text.replace("  - hooks\n", "")
    text = text[: text.index("\nnav:\n")] + "\n"
    # The same Chinese search set-up as the hooks make: the small dictionary and the policy terms.
    shutil.copy2(SMALL_DICTIONARY, plain / "jieba_small.txt")
    (plain / "jieba_user.txt").write_text(user_dictionary(charter), encoding="utf-8")
    text = text.replace("      lang: zh\n", "      lang: zh\n      jieba_dict: jieba_small.txt\n      jieba_dict_user: jieba_user.txt\n")
    nav = renderer.nav() + [{"定制指南": ["guide/index.md"]}]
    text += yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (plain / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.rmtree(plain / "hooks")
    return plain


# 3. Scale


def scaled_project(target: Path, factor: int) -> tuple[Path, int]:
    """A copy whose duties, rule clauses, section entries and checklist items are repeated `factor` times."""
    project = copy_project(target)
    data = project / "data"

    def grow(entries: list, key: str = "id") -> list:
        out = list(entries)
        for n in range(1, factor):
            for entry in entries:
                out.append(_renamed(entry, f"-x{n}"))
        return out

    for path in sorted((data / "sections").glob("*.yml")) + sorted((data / "duties").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        field = "entries" if "entries" in doc else "items"
        doc[field] = grow(doc[field])
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((data / "rules").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["clauses"] = grow(doc["clauses"])
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((data / "checklists").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in doc["sections"]:
            section["items"] = grow(section["items"])
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project, count_entries(project)


def _renamed(entry: dict, suffix: str) -> dict:
    entry = copy.deepcopy(entry)

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                node["id"] += suffix
            for child in node.get("children", []):
                walk(child)

    walk(entry)
    return entry


def count_entries(project: Path) -> int:
    charter = load_charter(project)
    return len(charter.by_id)


# 4. Search index


def search_stats(site: Path) -> dict:
    raw = (site / "search" / "search_index.json").read_bytes()
    index = json.loads(raw)
    return {"bytes": len(raw), "gzip": len(gzip.compress(raw, 9)), "docs": len(index["docs"])}


def terms_kept_whole(site: Path, project: Path) -> tuple[int, int]:
    """How many glossary terms (and aliases) are single tokens of the search index, as the browser splits it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = set()
    for doc in index["docs"]:
        tokens.update(separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])))
    text = "".join(doc["title"] + doc["text"] for doc in index["docs"]).replace("\u200b", "")
    charter = load_charter(project)
    words = [w for t in charter.terms for w in [t.term, *t.aliases] if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
    present = [w for w in words if w in text]
    return sum(w in tokens for w in present), len(present)


def query_scores(site: Path) -> str:
    """Recall@3 and precision@1 of the query set, typed into the built site's search box in Chromium."""
    from playwright.sync_api import sync_playwright  # only when the browser is wanted

    url, server = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            outcomes = run_queries(browser.new_page(), url, load_queries())
            browser.close()
    finally:
        server.shutdown()
    recall, precision = summary(outcomes)
    return f"{recall:.2f} / {precision:.2f} ({len(outcomes)} queries)"


# Report


def table(headers: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale-runs", type=int, default=3)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    sections = [
        f"# Benchmark results\n\nCommand: `{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`  \n"
        f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs. Medians of {args.runs} runs unless noted.\n"
    ]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "site")
        plain = plain_project(project, tmp / "plain")
        hooked, edited, cold, bare, no_words, full_dict = [], [], [], [], [], []
        profile(project)  # fills the build cache, as any earlier build of the same data has
        for run in range(args.runs):  # interleaved, so all see the same machine load
            hooked.append(profile(project))
            edited.append(profile(project, edit=f"bench edit {run} {time.time()}"))
            cold.append(profile(project, cold=True))
            bare.append(profile(plain))
            no_words.append(profile(project, ["--no-user-words"]))
            full_dict.append(profile(project, ["--full-dictionary"]))
        total = median(hooked, "wall")
        rows = [
            ["total `mkdocs build` (fresh process)", f"{total:.2f} s", "100 %"],
            [
                "our hooks (load, check, render, term marks)",
                f"{median(hooked, 'ours'):.3f} s",
                f"{100 * median(hooked, 'ours') / total:.1f} %",
            ],
            ["– importing the hook module and the core", f"{median(hooked, 'hook_import'):.3f} s", ""],
            ["– the charter's pages, navigation and files, from the cache", f"{median(hooked, 'core_site_build'):.3f} s", ""],
            ["– glossary terms in every page (on_page_content)", f"{median(hooked, 'hook_page_content'):.3f} s", ""],
            ["– adding the pages and downloads (on_files)", f"{median(hooked, 'hook_files'):.3f} s", ""],
            ["– search worker fix, saving glossary marks (on_post_build)", f"{median(hooked, 'hook_post_build'):.3f} s", ""],
            [
                "jieba (dictionary load + segmentation)",
                f"{median(hooked, 'jieba'):.3f} s",
                f"{100 * median(hooked, 'jieba') / total:.1f} %",
            ],
            ["– dictionary load", f"{median(hooked, 'jieba_load'):.3f} s", ""],
            ["– segmentation", f"{median(hooked, 'jieba_cut'):.3f} s", ""],
            [
                "rest of MkDocs / Material",
                f"{total - median(hooked, 'ours') - median(hooked, 'jieba'):.2f} s",
                f"{100 * (total - median(hooked, 'ours') - median(hooked, 'jieba')) / total:.1f} %",
            ],
        ]

        def scenario(name: str, runs: list[dict]) -> list[str]:
            return [
                name,
                f"{median(runs, 'wall'):.2f} s",
                f"{median(runs, 'ours'):.3f} s ({100 * share(runs):.1f} %)",
                f"{median(runs, 'core_site_build'):.3f} s",
                f"{median(runs, 'hook_page_content'):.3f} s",
            ]

        sections.append(
            "## 1. Where a build's time goes\n\n"
            "A build reuses what an earlier build of the same data made (the build cache, keyed by the data files and the "
            "core's code). This table is a build of unchanged data, as after a change to `docs/` or `mkdocs.yml`, or a "
            "second `mkdocs build`; the next one shows a build after a change to the data, and a first build.\n\n"
            + table(["part", "median", "share"], rows)
            + f"\n\nOur hooks' share of the build, median of the {args.runs} runs' own shares: **{100 * share(hooked):.1f} %** (goal ≤ 10 %).\n\n"
            + table(
                ["build", "total", "our hooks (share)", "– load, check, render (`site_build`)", "– glossary terms"],
                [
                    scenario("unchanged data", hooked),
                    scenario("one data file changed", edited),
                    scenario("first build (empty cache)", cold),
                ],
            )
        )
        sections.append(
            "## 2. With hooks vs the same pages built plain\n\n"
            + table(
                ["build", "median wall time", "ratio to plain (median of pairs)"],
                [
                    ["with hooks, unchanged data", f"{total:.2f} s", f"**{ratio_to(hooked, bare)}**"],
                    ["with hooks, one data file changed", f"{median(edited, 'wall'):.2f} s", ratio_to(edited, bare)],
                    ["with hooks, first build (empty cache)", f"{median(cold, 'wall'):.2f} s", ratio_to(cold, bare)],
                    ["plain (generated Markdown, no hooks)", f"{median(bare, 'wall'):.2f} s", "1"],
                ],
            )
            + f"\n\nRatios are medians of {args.runs} interleaved runs, each divided by the plain build of the same round. Goal ≤ 1.10."
        )

        variants = [  # (name, extra arguments, timed runs of the loop above)
            ("small dictionary + glossary words (as built)", [], hooked),
            ("jieba's full dictionary + glossary words", ["--full-dictionary"], full_dict),
            ("small dictionary, no glossary words", ["--no-user-words"], no_words),
        ]
        search_rows = []
        for name, extra, runs in variants:
            profile(project, extra)
            stats = search_stats(project / "site")
            kept, terms = terms_kept_whole(project / "site", project)
            recall = "skipped" if args.skip_browser else query_scores(project / "site")
            search_rows.append(
                [
                    name,
                    f"{median(runs, 'jieba_load'):.3f} s",
                    f"{median(runs, 'jieba_cut'):.3f} s",
                    f"{median(runs, 'wall'):.2f} s",
                    f"{stats['bytes']:,} ({stats['gzip']:,} gzipped)",
                    f"{kept} / {terms}",
                    recall,
                ]
            )
        sections.append(
            "## 4. Search\n\n"
            + table(
                [
                    "segmentation",
                    "dictionary load",
                    "segmentation time",
                    "build (median)",
                    "search_index.json bytes",
                    "glossary terms kept whole",
                    "query set: recall@3 / precision@1",
                ],
                search_rows,
            )
            + f"\n\n{stats['docs']} sections in the index. jieba's share of the build: "
            f"{100 * median(hooked, 'jieba') / total:.1f} %. The query set is `tests/search_queries.yml`, typed into "
            "Material's own search box in Chromium. Glossary terms kept whole: terms and aliases that occur in the "
            "index and are single tokens of it, as the browser splits it."
        )

        scale_rows = []
        base_time = None
        for factor in (1, 10, 100):
            scaled, entries = scaled_project(tmp / f"scale{factor}", factor)
            runs = [profile(scaled, cold=True) for _ in range(args.scale_runs if factor < 100 else max(1, args.scale_runs - 1))]
            wall = median(runs, "wall")
            base_time = base_time or wall
            scale_rows.append(
                [
                    f"{factor}×",
                    entries,
                    f"{wall:.2f} s",
                    f"{median(runs, 'peak_mib'):.0f} MiB",
                    f"{1000 * wall / entries:.2f} ms",
                    f"{median(runs, 'ours'):.2f} s",
                ]
            )
            shutil.rmtree(scaled)
        sections.append(
            "## 3. Scale (synthetic charters)\n\nEvery build with an empty build cache: the full cost of loading, checking and rendering.\n\n"
            + table(["size", "ids", "build (median)", "peak memory", "per id", "our hooks"], scale_rows)
        )

    if not args.skip_browser:
        sections.append(script_section("5. Checklist in Chromium (1,000 items)", "checklist_bench.py"))
    if not args.skip_lighthouse:
        sections.append(script_section("6. Lighthouse", "lighthouse.py"))
    sections[1:] = sorted(sections[1:], key=lambda text: text.split(".", 1)[0])
    args.output.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    print(args.output.read_text(encoding="utf-8"))


def script_section(title: str, script: str) -> str:
    """A section whose table another bench script prints."""
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    return f"## {title}\n\n" + (result.stdout.strip() or result.stderr.strip()[-2000:])


if __name__ == "__main__":
    main()
