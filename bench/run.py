"""Benchmarks of the charter site, measured side by side in one run; results go to bench/RESULTS.md.

    .venv/bin/python bench/run.py [--runs 5] [--scale-runs 3] [--skip-browser] [--skip-lighthouse]

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
import resource
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
from charter.search import SMALL_DICTIONARY, user_dictionary  # noqa: E402
from conftest import CHROMIUM_ARGS, chromium_path, copy_project, serve  # noqa: E402
from search_eval import load_queries, run_queries, summary  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Builds run as Python runs by default: writing the bytecode of what it imports (and so our compiled templates,
# charter/cache.py) beside the code, as the packages MkDocs imports have theirs from their installation. A machine
# that sets PYTHONDONTWRITEBYTECODE would otherwise compile the core from source at every build. The first run of the
# code, with nothing compiled yet, is measured on its own (`fresh_code`).
ENV.pop("PYTHONDONTWRITEBYTECODE", None)

# The caches a build has (charter/cache.py; bench/profile_build.py --without=NAME builds as if one did not exist).
CACHES = {
    "site": "the whole site (`site-…`)",
    "checked": "data files read and checked (`checked-…`)",
    "jinja": "compiled templates (`jinja-…`)",
}
EDITED = Path("data/sections/leadership.yml")  # the file a data edit changes
PAYS = 0.03  # a cache is worth keeping if it saves this share of a build in some case


def profile(
    project: Path, extra: list[str] | None = None, cold: bool = False, edit: str = "", without: str = "", fresh_code: bool = False
) -> dict:
    """One build in a fresh process: wall time measured here, parts measured inside.

    `cold`: with an empty build cache (a first build), instead of the usual one. `edit`: with this text
    added to the first entry of data/sections/leadership.yml for the build (a change to the data: that
    file is read and checked again, the charter rendered again; the pages that show the entry change),
    and then taken out. `without`: as if that cache did not exist. `fresh_code`: as the first run of the code,
    without the bytecode and compiled templates that Python and the core keep beside it (they are written again)."""
    site = project / "site"
    edited = project / EDITED
    if edit:
        original = edited.read_bytes()
        lines = original.decode("utf-8").split("\n")
        first = next(n for n, line in enumerate(lines) if line.lstrip().startswith("text: "))
        lines[first] += f"（{edit}）"
        edited.write_bytes("\n".join(lines).encode("utf-8"))
    shutil.rmtree(site, ignore_errors=True)
    if fresh_code:
        for compiled in (project / "hooks").rglob("__pycache__"):
            shutil.rmtree(compiled, ignore_errors=True)
    env = ENV
    if cold:
        empty = Path(tempfile.mkdtemp(prefix="charter-cold-cache-"))
        env = {**ENV, "CHARTER_CACHE": str(empty)}
    extra = [*(extra or []), *([f"--without={without}"] if without else [])]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "profile_build.py"), str(project / "mkdocs.yml"), str(site), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )
    wall = time.perf_counter() - begin
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime  # the build's processor time
    if cold:
        shutil.rmtree(empty, ignore_errors=True)
    if edit:
        edited.write_bytes(original)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall"], data["cpu"] = wall, cpu
    data["jieba"] = data.get("jieba_load", 0) + data.get("jieba_cut", 0)
    data["hooks"] = sum(value for name, value in data.items() if name.startswith("hook_"))
    data["cpu_hooks"] = sum(value for name, value in data.items() if name.startswith("cpu_hook_"))
    data["ours"] = data["hooks"] - data.get("jieba_load", 0)  # jieba's dictionary loads inside on_config (add_word)
    return data


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r.get(key, 0.0) for r in rows)


def share(runs: list[dict]) -> float:
    """Median of each run's own share of our hooks in its build."""
    return statistics.median(r["ours"] / r["wall"] for r in runs)


def ratio_to(runs: list[dict], plain: list[dict], key: str = "wall") -> str:
    """Median of each run's wall (or processor) time over the plain build's of the same round."""
    return f"{statistics.median(r[key] / p[key] for r, p in zip(runs, plain, strict=True)):.3f}"


def saving(without: list[dict], runs: list[dict]) -> float:
    """What a cache saves: the median over the rounds of the processor time our hooks spend without it
    minus with it (measured inside the build, and steadier than wall time on a busy machine)."""
    return statistics.median(w["cpu_hooks"] - r["cpu_hooks"] for w, r in zip(without, runs, strict=True))


# 2. The same site without hooks: the exported project


def exported_project(project: Path, target: Path, same_search: bool = True) -> Path:
    """`charter export` of the project: the same pages and files as a plain MkDocs project, no hooks.

    With `same_search` its search plugin gets the Chinese search set-up the hooks make (the small
    jieba dictionary, the policy terms as a user dictionary), so that the two builds differ by our
    hooks alone; otherwise it is built as exported (jieba's full dictionary)."""
    result = subprocess.run(
        [sys.executable, "-m", "charter", "export", str(target)],
        capture_output=True,
        text=True,
        cwd=project,
        env={**ENV, "PYTHONPATH": str(project / "hooks")},  # the copy's core, which its own build uses
    )
    if result.returncode != 0:
        raise SystemExit(f"charter export failed:\n{result.stdout}\n{result.stderr}")
    if same_search:
        config_file = target / "mkdocs.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))  # an export holds no YAML tags
        shutil.copy2(project / "hooks" / "charter" / SMALL_DICTIONARY.name, target / "jieba_small.txt")
        (target / "jieba_user.txt").write_text(user_dictionary(load_charter(project)), encoding="utf-8")
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "search" in plugin:
                plugin["search"].update(jieba_dict=str(target / "jieba_small.txt"), jieba_dict_user=str(target / "jieba_user.txt"))
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")
    return target


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
    parser.add_argument("--scale-runs", type=int, default=3, help="0 leaves the scale section out")
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
        ENV["CHARTER_CACHE"] = str(tmp / "cache")  # a build cache of the benchmark's own (a cold build gets an empty one)
        project = copy_project(tmp / "site")
        plain = exported_project(project, tmp / "plain")
        exported = exported_project(project, tmp / "exported", same_search=False)
        cases = ("unchanged", "edited", "cold")
        runs: dict[str, list[dict]] = {
            name: [] for name in ("hooked", "edited", "cold", "fresh", "plain", "exported", "no_words", "full_dict")
        }
        ablation: dict[tuple[str, str], list[dict]] = {(cache, case): [] for cache in CACHES for case in cases}
        for build in (plain, exported):
            profile(build)  # jieba's cache of the full dictionary, as any earlier build has
        for run in range(args.runs):  # interleaved, so all see the same machine load
            profile(project)  # the cache as an earlier build of the same data leaves it
            runs["plain"].append(profile(plain))  # next to the builds it is compared with
            runs["hooked"].append(profile(project))
            runs["edited"].append(profile(project, edit=f"bench edit {run} {time.time()}"))
            runs["cold"].append(profile(project, cold=True))
            runs["fresh"].append(profile(project, cold=True, fresh_code=True))
            runs["exported"].append(profile(exported))
            for cache in CACHES:  # the cache left as it was: neither reads nor writes that cache's entries
                ablation[cache, "unchanged"].append(profile(project, without=cache))
            for cache in CACHES:  # each a different edit of the same size: nothing of it is cached yet
                ablation[cache, "edited"].append(profile(project, edit=f"bench edit {run} {time.time()}", without=cache))
            for cache in CACHES:
                ablation[cache, "cold"].append(profile(project, cold=True, without=cache))
            runs["no_words"].append(profile(project, ["--no-user-words"]))
            runs["full_dict"].append(profile(project, ["--full-dictionary"]))
        hooked, edited, cold, bare = runs["hooked"], runs["edited"], runs["cold"], runs["plain"]
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
            ["– search index compaction and worker fix (on_post_build)", f"{median(hooked, 'hook_post_build'):.3f} s", ""],
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
                    scenario("first run of the code (empty cache, nothing compiled)", runs["fresh"]),
                ],
            )
        )
        sections.append(
            "## 2. With hooks vs the exported pages built plain\n\n"
            "The plain build is `mkdocs build` of `charter export` (the same pages, downloads and assets; no hooks), with "
            "the search plugin given the small jieba dictionary and the policy terms as a user dictionary, the set-up the "
            "hooks make: the two builds differ by our hooks alone. Measured side by side in the same rounds.\n\n"
            + table(
                ["build", "median wall time", "ratio to plain: wall time", "ratio to plain: processor time", "our hooks (share)"],
                [
                    [
                        "with hooks, unchanged data",
                        f"{total:.2f} s",
                        f"**{ratio_to(hooked, bare)}**",
                        ratio_to(hooked, bare, "cpu"),
                        f"{100 * share(hooked):.1f} %",
                    ],
                    [
                        "with hooks, one data file changed",
                        f"{median(edited, 'wall'):.2f} s",
                        f"**{ratio_to(edited, bare)}**",
                        ratio_to(edited, bare, "cpu"),
                        f"{100 * share(edited):.1f} %",
                    ],
                    [
                        "with hooks, first build (empty cache)",
                        f"{median(cold, 'wall'):.2f} s",
                        f"**{ratio_to(cold, bare)}**",
                        ratio_to(cold, bare, "cpu"),
                        f"{100 * share(cold):.1f} %",
                    ],
                    [
                        "with hooks, first run of the code (empty cache, nothing compiled)",
                        f"{median(runs['fresh'], 'wall'):.2f} s",
                        ratio_to(runs["fresh"], bare),
                        ratio_to(runs["fresh"], bare, "cpu"),
                        f"{100 * share(runs['fresh']):.1f} %",
                    ],
                    ["plain: the export, same search set-up", f"{median(bare, 'wall'):.2f} s", "1", "1", ""],
                    [
                        "plain: the export as written (jieba's full dictionary)",
                        f"{median(runs['exported'], 'wall'):.2f} s",
                        ratio_to(runs["exported"], bare),
                        ratio_to(runs["exported"], bare, "cpu"),
                        "",
                    ],
                ],
            )
            + f"\n\nRatios are medians of {args.runs} interleaved rounds, each build divided by the plain build of its round "
            "(built just before it): of wall time, and of the processor time the build's process used, which another "
            "process on a busy machine inflates less. Goal ≤ 1.15 for the first build and the build after a data edit. The "
            "last row is for reference: as written, the export loads jieba's full dictionary, which costs more than all our "
            "hooks do.\n\n"
            "What each build has. *First build*: an empty build cache (no data file read or checked, no site), as with "
            "new data or after the temporary folder was cleared; it has what any earlier run of the same code left beside "
            "the code: Python's bytecode of the core and its compiled templates (`hooks/charter/templates/__pycache__`, "
            "charter/cache.py), as the plain build has the bytecode its packages got at installation. *First run of the "
            "code*: neither (removed before the build, which writes them again), as right after a checkout or a change to "
            "the core. Builds run with Python's default of writing bytecode (the benchmark unsets PYTHONDONTWRITEBYTECODE)."
        )

        def cell(cache: str, case: str, runs: list[dict]) -> tuple[str, float]:
            saved = saving(ablation[cache, case], runs)
            fraction = saved / median(runs, "wall")
            return f"{1000 * saved:+.0f} ms ({100 * fraction:+.1f} %)", fraction

        cache_rows = []
        for cache, what in CACHES.items():
            cells = [cell(cache, case, group) for case, group in zip(cases, (hooked, edited, cold), strict=True)]
            pays = max(fraction for _, fraction in cells) >= PAYS
            cache_rows.append([what, *(text for text, _ in cells), "yes" if pays else "no"])
        sections.append(
            "## 7. What each cache buys\n\n"
            "Each build again without one cache (`bench/profile_build.py --without=NAME`: its entries are neither read nor "
            "written), in the same rounds as the builds with it. A cell is what the cache saves: the median of the rounds' "
            "differences in the processor time of our hooks (without minus with; negative: the cache costs more than it "
            f"saves), and that as a share of the build's wall time. A cache pays if it saves at least {100 * PAYS:.0f} % of a build in some case. "
            "On a shared machine a cell varies by some 20 ms from run to run: in a first build a cache only costs the "
            "writing of its entries, a few milliseconds.\n\n"
            + table(["cache", "unchanged data", "one data file changed", "first build (empty cache)", "pays"], cache_rows)
        )

        variants = [  # (name, extra arguments, timed runs of the loop above)
            ("small dictionary + glossary words (as built)", [], hooked),
            ("jieba's full dictionary + glossary words", ["--full-dictionary"], runs["full_dict"]),
            ("small dictionary, no glossary words", ["--no-user-words"], runs["no_words"]),
        ]
        search_rows = []
        for name, extra, timed in variants:
            profile(project, extra)
            stats = search_stats(project / "site")
            kept, terms = terms_kept_whole(project / "site", project)
            recall = "skipped" if args.skip_browser else query_scores(project / "site")
            search_rows.append(
                [
                    name,
                    f"{median(timed, 'jieba_load'):.3f} s",
                    f"{median(timed, 'jieba_cut'):.3f} s",
                    f"{median(timed, 'wall'):.2f} s",
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
        for factor in (1, 10, 100) if args.scale_runs else ():
            scaled, entries = scaled_project(tmp / f"scale{factor}", factor)
            timed = [profile(scaled, cold=True) for _ in range(args.scale_runs if factor < 100 else max(1, args.scale_runs - 1))]
            wall = median(timed, "wall")
            scale_rows.append(
                [
                    f"{factor}×",
                    entries,
                    f"{wall:.2f} s",
                    f"{median(timed, 'peak_mib'):.0f} MiB",
                    f"{1000 * wall / entries:.2f} ms",
                    f"{median(timed, 'ours'):.2f} s",
                ]
            )
            shutil.rmtree(scaled)
        if scale_rows:
            sections.append(
                "## 3. Scale (synthetic charters)\n\nEvery build with an empty build cache: the full cost of loading, checking and rendering.\n\n"
                + table(["size", "ids", "build (median)", "peak memory", "per id", "our hooks"], scale_rows)
            )

    if not args.skip_browser:
        sections.append(script_section("5. Checklist in Chromium (1,000 items)", "checklist_bench.py"))
    if not args.skip_lighthouse:
        sections.append(script_section("6. Lighthouse", "lighthouse.py"))
    sections[1:] = sorted(sections[1:], key=lambda text: int(text.split(".", 1)[0].removeprefix("## ")))
    args.output.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    print(args.output.read_text(encoding="utf-8"))


def script_section(title: str, script: str) -> str:
    """A section whose table another bench script prints."""
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    return f"## {title}\n\n" + (result.stdout.strip() or result.stderr.strip()[-2000:])


if __name__ == "__main__":
    main()
