"""The log: what C++ code and child processes write to standard error goes into the log file; the app's
own lines still reach the terminal (and the log); --verbose echoes the log on the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCRIPT = """
import os, subprocess, sys
from pathlib import Path
from quzhou_map.core.app_log import StderrCapture, start_logging
capture = StderrCapture()
print(start_logging(sys.argv[1] == 'verbose', capture.start(), Path(sys.argv[2])))
os.write(2, b"[1:2:0101/000000.000000:ERROR:bus.cc(408)] Failed to connect to the bus\\n")
subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('QVulkanInstance: from a child\\\\n')"])
print("quzhou-map: a line for the user", file=sys.stderr)
capture.drain()
"""


def _run(tmp_path: Path, mode: str) -> tuple[subprocess.CompletedProcess[str], str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(tmp_path)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result, (tmp_path / "quzhou-map.log").read_text(encoding="utf-8")


def test_standard_error_goes_to_the_log_and_the_users_lines_to_the_terminal(tmp_path: Path) -> None:
    result, log = _run(tmp_path, "quiet")
    assert result.stdout.strip() == str(tmp_path / "quzhou-map.log")
    assert result.stderr == "quzhou-map: a line for the user\n"
    assert "ERROR   quzhou_map.stderr: [1:2:0101/000000.000000:ERROR:bus.cc(408)] Failed to connect" in log
    assert "quzhou_map.stderr: QVulkanInstance: from a child" in log  # a child process's standard error
    assert "quzhou_map.terminal: quzhou-map: a line for the user" in log


def test_verbose_prints_the_log_on_the_terminal_once(tmp_path: Path) -> None:
    result, log = _run(tmp_path, "verbose")
    lines = result.stderr.splitlines()
    assert "quzhou_map.stderr: QVulkanInstance: from a child" in lines
    assert any(line.startswith("quzhou_map.stderr: [1:2:") for line in lines)
    assert lines.count("quzhou-map: a line for the user") == 1
    assert "QVulkanInstance: from a child" in log


def test_an_unwritable_log_folder_leaves_no_file_and_no_error(tmp_path: Path) -> None:
    from quzhou_map.core.app_log import start_logging, stop_logging

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    try:
        assert start_logging(folder=blocker / "log") is None
    finally:
        stop_logging()
