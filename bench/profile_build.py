"""One `mkdocs build` in this process, with the time of our hooks and of jieba measured inside it.

Usage: python bench/profile_build.py <mkdocs.yml> <site dir> [--no-user-words] [--full-dictionary] [--without=NAME ...]
Prints one JSON line: seconds spent in each part (and, as `cpu_<part>`, the processor time this
process spent in it, which a busy machine inflates less), and the peak memory of the process.

`--without=NAME` builds as if that cache did not exist: NAME is the prefix of the cache's entries
(`site`, `checked`, `jinja`: charter/cache.py), which are then neither read nor written (for `jinja`,
also the compiled templates kept beside the templates).
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time

started = time.perf_counter()

import jieba  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.config_options import Hooks  # noqa: E402

timings: dict[str, float] = {}


_inside: set[str] = set()  # parts being timed: a part that calls itself (or another of the same name) counts once


def timed(name: str, function):
    def wrapper(*args, **kwargs):
        if name in _inside:
            return function(*args, **kwargs)
        _inside.add(name)
        begin, begin_cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - begin
            timings[f"cpu_{name}"] = timings.get(f"cpu_{name}", 0.0) + time.process_time() - begin_cpu
            _inside.discard(name)

    return wrapper


def main() -> None:
    config_file, site_dir = sys.argv[1], sys.argv[2]
    logging.disable(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    jieba.Tokenizer.initialize = timed("jieba_load", jieba.Tokenizer.initialize)  # from jieba's cache, or:
    jieba.Tokenizer.gen_pfdict = staticmethod(timed("jieba_load", jieba.Tokenizer.gen_pfdict))  # from a dictionary's text
    cut = jieba.cut
    jieba.cut = timed("jieba_cut", lambda *a, **k: list(cut(*a, **k)))
    Hooks._load_hook = timed("hook_import", Hooks._load_hook)  # importing the hook module and the core
    config = load_config(config_file=config_file, site_dir=site_dir)  # imports the hook module and the core
    hook = next((m for name, m in sys.modules.items() if "mkdocs_charter" in name), None)
    if hook is not None:
        hook.site_build = timed("core_site_build", hook.site_build)  # on_config: from the cache, or load, check, render
        for event, methods in config.plugins.events.items():
            config.plugins.events[event] = [
                timed(f"hook_{event}", m) if "mkdocs_charter" in getattr(m, "__module__", "") else m for m in methods
            ]
        if "--no-user-words" in sys.argv:
            prepare = hook._prepare_jieba
            hook._prepare_jieba = lambda words, config: prepare([], config)
        if "--full-dictionary" in sys.argv:
            hook.SMALL_DICTIONARY = hook.SMALL_DICTIONARY.with_name("no-such-file")
        without([arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--without=")])
    build(config)
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
    print(json.dumps({"total_in_process": total, "peak_mib": peak, **timings}))


def without(names: list[str]) -> None:
    """Switch off the caches named (see the module's docstring)."""
    from charter import cache  # the core the hook imported

    prefixes = tuple(f"{name}-" for name in names)
    if prefixes:
        load, save = cache.load, cache.save
        cache.load = lambda name: None if name.startswith(prefixes) else load(name)
        cache.save = lambda name, value: None if name.startswith(prefixes) else save(name, value)
    if "jinja" in names:  # compiled templates kept beside the templates (where Python keeps bytecode) too
        cache.load_compiled = lambda template, name: None
        cache.save_compiled = lambda template, name, code: True


if __name__ == "__main__":
    main()
