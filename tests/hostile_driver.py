"""Runs many command-line cases of the hostile-input corpus in one process (the imports paid once), each as
``quzhou_map.cli.main(argv)`` with its output captured and an alarm as its time limit. An exception that
escapes ``main`` is recorded as the traceback a user would have seen.

    python tests/hostile_driver.py CASES.json RESULTS.json
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


class _Timeout(BaseException):
    """Not an Exception: nothing in the code under test may catch it."""


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout()


def run_case(case: dict) -> dict:
    from quzhou_map.cli import main

    argv = [os.fsdecode(bytes.fromhex(a)) for a in case["argv_hex"]]
    saved = {key: os.environ.get(key) for key in case["env"]}
    os.environ.update(case["env"])
    out, err = io.StringIO(), io.StringIO()
    result = {"name": case["name"], "code": None, "traceback": "", "timeout": False}
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, case["timeout"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            result["code"] = main(argv)
    except SystemExit as exit_:  # argparse
        result["code"] = exit_.code if isinstance(exit_.code, int) else 1
    except _Timeout:
        result["timeout"] = True
    except BaseException:  # noqa: BLE001 - the point is to see it
        result["traceback"] = traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    result["seconds"] = time.monotonic() - started
    result["output"] = out.getvalue() + err.getvalue()
    return result


def main() -> None:
    cases = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    results = [run_case(case) for case in cases]
    Path(sys.argv[2]).write_text(json.dumps(results, ensure_ascii=True), encoding="utf-8")


if __name__ == "__main__":
    main()
