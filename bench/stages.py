"""Where futurelint's time goes, stage by stage, in one process (no worker pool, no start-up).

    python bench/stages.py [CORPUS] [--top 10]

CORPUS defaults to the running Python's standard library. Every `*.py` file goes through the
engine's stages in order, each timed on its own (CPU seconds, summed over the corpus):

- prefilter 1: the bytes `concurrent`; prefilter 2: decoding and the import-shaped regex;
  prefilter 3: CPython's `ast.parse` and the walk for an import from `concurrent`
- depth: the nesting check on CPython's tree (libcst's parser crashes on deep nesting)
- parse: libcst's parser as the engine calls it; model: the semantic layer; rules: every rule's
  `check`, with the `--top` slowest rules listed

It calls the same functions as `futurelint.engine.lint_source`, not the function itself, so the
stages can be told apart; `bench/bench.py` measures the real command line.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import time
from collections import Counter
from pathlib import Path

from bench import corpus_files  # bench/bench.py, beside this script
from futurelint.engine import _parse, decode
from futurelint.findings import Finding
from futurelint.guard import precheck
from futurelint.prefilter import imports_concurrent, may_import_concurrent, mentions_concurrent
from futurelint.rules.base import registry
from futurelint.semantic import Model
from futurelint.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.seconds: Counter = Counter()
        self.files: Counter = Counter()

    def time(self, stage: str, work, *args):
        start = time.process_time()
        value = work(*args)
        self.seconds[stage] += time.process_time() - start
        self.files[stage] += 1
        return value


def decoded_if_it_may_import(data: bytes):
    try:
        source = decode(data)
    except (ValueError, SyntaxError, LookupError):
        return None
    return source if may_import_concurrent(source) else None


def lint(path: Path, rules: list, clock: Clock, per_rule: Counter) -> None:
    data = path.read_bytes()
    if not clock.time("prefilter 1: bytes", mentions_concurrent, data):
        return
    source = clock.time("prefilter 2: decode+regex", decoded_if_it_may_import, data)
    if source is None:
        return
    checked = clock.time("prefilter 3: ast", precheck, source)
    if checked.tree is None or not imports_concurrent(checked.tree):
        return
    if clock.time("depth check", checked.nesting_row) is not None:
        return
    del checked
    module = clock.time("libcst parse", _parse, source, str(path))
    if isinstance(module, Finding):  # FUT000: libcst cannot parse it
        return
    model = clock.time("model", Model, module, str(path), source)
    for rule in rules:
        start = time.process_time()
        list(rule.check(model))
        per_rule[rule.code] += time.process_time() - start
    clock.seconds["rules"] = sum(per_rule.values())
    clock.files["rules"] += 1
    model.release()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    rules = [rule for rule in (cls(Settings()) for cls in registry().values()) if rule.applies()]
    clock, per_rule = Clock(), Counter()
    files = corpus_files(Path(args.corpus))
    for path in files:
        lint(path, rules, clock, per_rule)
    total = sum(clock.seconds.values())
    print(f"{len(files)} files under {args.corpus}; CPU seconds by stage (files that reached it):")
    for stage, seconds in clock.seconds.items():
        print(f"  {stage:28} {seconds:7.3f} s {100 * seconds / total:5.1f}%  ({clock.files[stage]} files)")
    print(f"  {'total':28} {total:7.3f} s")
    print(f"slowest rules (of {len(rules)}):")
    for code, seconds in per_rule.most_common(args.top):
        print(f"  {code} {seconds:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
