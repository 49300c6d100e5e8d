"""Issue 10: the generated hostile corpus (tests/hostile_inputs.py) through the command line, each case asserting
its exit code, a message naming the path (shown safely), no traceback, no hang, its inputs unchanged and nothing
left behind; the whole corpus in parallel subprocesses with time limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.hostile_inputs import GEODATA, damage_cache, problems, run_corpus, snapshot, write_corpus


def test_the_hostile_corpus(tmp_path: Path) -> None:
    from quzhou_map.core.page_cache import cache_key, load_or_build

    cases = write_corpus(tmp_path / "corpus", cache_key(GEODATA))
    assert len(cases) >= 300, len(cases)
    for case in cases:
        if hasattr(case, "damage"):
            entry = case.named[0]
            load_or_build(entry.parent, GEODATA)  # the entry the app would have built
            damage_cache(case)
    run_dir = tmp_path / "run"
    (run_dir / "tmp").mkdir(parents=True)
    before = [snapshot(case.folder) for case in cases]
    started = time.monotonic()
    results = run_corpus(cases, run_dir, workers=max(2, os.cpu_count() or 2))
    elapsed = time.monotonic() - started
    failures = []
    for case, result, earlier in zip(cases, results, before, strict=True):
        found = problems(case, result, earlier, snapshot(case.folder))
        if found:
            failures.append(f"{case.name}: {'; '.join(found)}\n    output: {result.output.strip()[-300:]!r}")
    leftovers = sorted(os.listdir(run_dir / "tmp"))
    print(f"{len(cases)} cases in {elapsed:.0f} s; slowest "
          f"{max(r.seconds for r in results):.1f} s")
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)
    assert not leftovers, f"temporary files left behind: {leftovers}"
