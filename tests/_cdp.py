"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe``, for driving a real
headless Chromium in tests without a driver package or a network port.

Chromium reads commands from file descriptor 3 and writes replies and events to descriptor 4,
each message one JSON object ended by a NUL byte. :class:`Browser` starts the browser with those
two pipes, :meth:`Browser.open` makes a tab; :class:`Page` evaluates script, clicks elements
with real mouse events (``Input.dispatchMouseEvent`` at the element's centre), types text, takes
screenshots and collects every console message, uncaught exception and log entry (CSP
violations are logged there), so a test can assert that there were none.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import time

#: Flags for a quiet, offline, reproducible headless browser (as tests/test_render_html_chromium.py uses).
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--force-color-profile=srgb", "--font-render-hinting=none",
)


class CDPError(RuntimeError):
    """A protocol error, a timeout, or the browser going away."""


class Browser:
    """A headless Chromium driven over pipes. Use as a context manager."""

    def __init__(self, binary: str, profile: str, *, width: int = 1280, height: int = 1000,
                 download_dir: str | None = None, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.events: list[dict] = []
        self._next = 0
        self._buf = b""
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()

        def child_fds():
            # the protocol's fixed descriptors; dup first so a pipe already at 3 or 4 survives
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        # the browser's own log goes to a file: an unread pipe could fill up and stall it
        self.log_path = os.path.join(profile, "chromium.log")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                 f"--window-size={width},{height}", "about:blank"],
                preexec_fn=child_fds, close_fds=False, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=log,
            )
        os.close(cmd_r)
        os.close(out_w)
        self.width, self.height = width, height
        if download_dir:
            self.call("Browser.setDownloadBehavior",
                      {"behavior": "allow", "downloadPath": download_dir, "eventsEnabled": True})

    # ---- protocol ---------------------------------------------------------------------------
    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._cmd_w, data):]
        return self._next

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("timed out waiting for the browser")
            ready, _, _ = select.select([self._out_r], [], [], left)
            if ready:
                chunk = os.read(self._out_r, 1 << 20)
                if not chunk:
                    raise CDPError("the browser closed the pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and return its result, keeping every event that arrives meanwhile."""
        want = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._read(deadline)
            if msg.get("id") == want:
                if "error" in msg:
                    raise CDPError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, method: str, session: str | None = None, timeout: float | None = None,
                   where=lambda params: True) -> dict:
        """The params of the first (kept or new) event ``method`` for which ``where`` holds."""
        deadline = time.monotonic() + (timeout or self.timeout)
        seen = 0
        while True:
            for ev in self.events[seen:]:
                if ev["method"] == method and (session is None or ev.get("sessionId") == session) \
                        and where(ev.get("params", {})):
                    self.events.remove(ev)
                    return ev.get("params", {})
            seen = len(self.events)
            msg = self._read(deadline)
            if "method" in msg:
                self.events.append(msg)

    # ---- tabs -------------------------------------------------------------------------------
    def open(self, url: str) -> "Page":
        """A new tab showing ``url``, loaded, with console and log collection on."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
                  session=session)
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        """End the browser (it is our own child process) and close the pipes."""
        try:
            self._send("Browser.close", None, None)
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - closing must not mask the test's own outcome
            self.proc.kill()
            self.proc.wait()
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """One tab: script evaluation, real mouse clicks and key input, screenshots, console."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def call(self, method: str, params: dict | None = None) -> dict:
        """A command addressed to this tab."""
        return self.browser.call(method, params, self.session)

    def eval(self, expression: str):
        """The value of ``expression`` in the page (JSON-serialisable); page exceptions raise."""
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in res:
            raise CDPError(f"script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0):
        """Poll until ``expression`` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CDPError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """Scroll the first element matching ``selector`` into view and click its centre."""
        box = self.eval(
            "(function(){var el=document.querySelector(%s); if(!el) return null;"
            "el.scrollIntoView({block:'center'}); var r=el.getBoundingClientRect();"
            "return {x:r.left+r.width/2, y:r.top+r.height/2, w:r.width, h:r.height};})()"
            % json.dumps(selector))
        if not box or not box["w"] or not box["h"]:
            raise CDPError(f"nothing visible to click at {selector!r}: {box}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                   "button": "left", "clickCount": 1})

    def type(self, selector: str, text: str) -> None:
        """Click into ``selector`` and type ``text`` as keyboard input."""
        self.click(selector)
        self.call("Input.insertText", {"text": text})

    def select(self, selector: str, value: str) -> None:
        """Choose ``value`` in a ``<select>`` as a user would (the change event fires)."""
        self.eval("(function(){var s=document.querySelector(%s); s.focus(); s.value=%s;"
                  "s.dispatchEvent(new Event('change', {bubbles:true}));})()"
                  % (json.dumps(selector), json.dumps(value)))

    def resize(self, width: int, height: int) -> None:
        """Give the page a viewport of ``width`` × ``height`` CSS pixels."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def screenshot(self, path: str, full_page: bool = False) -> bytes:
        """A PNG of the viewport (or the whole page) written to ``path``."""
        params: dict = {"format": "png"}
        if full_page:
            size = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1})
        data = base64.b64decode(self.call("Page.captureScreenshot", params)["data"])
        with open(path, "wb") as fh:
            fh.write(data)
        return data

    def console(self) -> list[str]:
        """Every console message, uncaught exception and log entry the page produced so far."""
        out = []
        for ev in self.browser.events:
            if ev.get("sessionId") != self.session:
                continue
            p = ev.get("params", {})
            if ev["method"] == "Runtime.consoleAPICalled":
                out.append(f"console.{p.get('type')}: " + " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif ev["method"] == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
            elif ev["method"] == "Log.entryAdded":
                e = p.get("entry", {})
                out.append(f"log.{e.get('level')} ({e.get('source')}): {e.get('text')}")
        return out
