"""A real headless Chromium for the exported page's tests, driven through its DevTools protocol.

The browser runs with the network cut off: every host name fails to resolve and every request would go
through a proxy on a closed port. Without Chromium the tests skip, saying why; in CI (CI=true) they fail.
scripts/bootstrap.sh installs it (Debian's ``chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

#: Flags that keep the browser off the network and out of the way.
OFFLINE_FLAGS = ("--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND")
WINDOW = (1400, 900)
START_TIMEOUT_S = 30
CALL_TIMEOUT_S = 30

#: Before any script of the page: dialogs and CSP violations are recorded, never shown.
WATCH_SCRIPT = """
window.__dialogs = [];
window.alert = window.confirm = window.prompt = function (message) { window.__dialogs.push(String(message)); };
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push({directive: e.effectiveDirective, uri: e.blockedURI});
});
"""


def chromium_binary() -> str | None:
    for name in (os.environ.get("QUZHOU_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def require_chromium() -> str:
    """The browser's path; without one the test skips, or fails in CI, where it must run."""
    binary = chromium_binary()
    if binary is None:
        why = "Chromium is not installed (scripts/bootstrap.sh installs Debian's chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    try:
        import websocket  # noqa: F401  (websocket-client, in the test extra)
    except ImportError:
        pytest.fail("the test extra's websocket-client is not installed: pip install -e '.[test]'")
    return binary


class Browser:
    """One headless Chromium with one page, and the DevTools calls the tests use."""

    def __init__(self, binary: str, profile: Path, size: tuple[int, int] = WINDOW) -> None:
        import websocket

        args = [binary, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}", *OFFLINE_FLAGS, "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium will not start as root otherwise
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        try:
            port = self._port(profile)
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never the environment's proxy
            with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=CALL_TIMEOUT_S) as response:
                targets = json.load(response)
            page = next(t for t in targets if t["type"] == "page")
            self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=CALL_TIMEOUT_S,
                                                      suppress_origin=True)
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.call(f"{domain}.enable")
            self.call("Page.addScriptToEvaluateOnNewDocument", source=WATCH_SCRIPT)
        except BaseException:
            self.close()
            raise

    def _port(self, profile: Path) -> int:
        marker = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if marker.is_file() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited ({self.process.returncode}): "
                                   f"{self.process.stderr.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.05)
        raise TimeoutError("Chromium did not open its DevTools port")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        wanted = self._next_id
        self.socket.send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def pump(self, seconds: float) -> None:
        """Collect the events that come within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.call("Runtime.evaluate", expression="0")
            time.sleep(0.05)

    def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        """The value of ``expression`` in the page (JSON-able values come back as Python values)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"never true: {expression}")
            time.sleep(0.05)

    def open(self, url: str) -> None:
        """Load ``url`` and wait until the story page is up (the map drawn, the panel built)."""
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && typeof QuzhouStory !== 'undefined' && "
                      "!!document.getElementById('qzs-story') && JSON.parse(QuzhouMap.debug.status()).ready")
        self.next_frame()

    def next_frame(self) -> None:
        """Wait until the browser has drawn what the page just changed (two animation frames), and the map
        has ended any zoom or pan it animates (Leaflet marks the map while it zooms)."""
        self.wait_for("!document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim')")
        self.evaluate("new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame("
                      "function () { done(true); }); }); })", await_promise=True)

    def click(self, x: float, y: float) -> None:
        """A real mouse click (moved there, pressed, released), as a person makes it."""
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", buttons=1, clickCount=1)

    def centre_of(self, js_element: str) -> tuple[float, float] | None:
        """The middle of an element on screen (``js_element`` an expression giving it), when it is there."""
        box = self.evaluate(f"(function () {{ var e = {js_element}; if (!e) return null; "
                            "var r = e.getBoundingClientRect(); "
                            "return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        return tuple(box) if box else None

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        socket = getattr(self, "socket", None)
        if socket is not None:
            try:
                self.call("Browser.close")
            except Exception:  # it may be gone already
                pass
            socket.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this object started, and only it
            self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
