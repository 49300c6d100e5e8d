"""Memory freed in a worker thread goes back to the system (glibc keeps it in the thread's arena otherwise)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

CODE = """
import threading
from quzhou_map.core.memory import release_free_memory

def rss_mb():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024

def churn():  # many small objects made and dropped in a thread, as reading a big file does
    junk = [bytes(1000) for _ in range(300_000)]  # over 512 bytes: malloc, not Python's own pools
    del junk

thread = threading.Thread(target=churn)
thread.start()
thread.join()
before = rss_mb()
released = release_free_memory()
print(released, before, rss_mb())
"""


def test_release_free_memory_gives_a_threads_freed_heap_back() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], cwd=REPO, capture_output=True, text=True, check=True)
    released, before, after = result.stdout.split()
    assert released == "True"
    assert int(before) - int(after) > 100, result.stdout  # ~300 MB were freed in the thread and kept until now


def test_the_collector_is_paused_while_reading_and_back_after() -> None:
    import gc

    from quzhou_map.core.memory import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():  # a second reader at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()  # still one reading
    assert gc.isenabled()
    try:
        with cyclic_gc_paused():
            raise ValueError("a file that could not be read")
    except ValueError:
        pass
    assert gc.isenabled()
