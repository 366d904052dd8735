"""Time from a slider move to the updated number in the explorer, in a real headless browser.

Starts ``unequal-exchange explore --no-browser`` on a free port, drives Debian's chromium with
Playwright, presses the maquila wage ratio slider's arrow key ``--moves`` times (alternating up
and down so the scenario stays near the baseline), once 150 ms apart and once 500 ms apart
(then every move also redraws the figures, in the background), and records, in the browser's
clock, the time from the key press to the moment the price transfer's cell shows a new value.
Prints the median and 90th percentile with the load average before and after (the machine may
be shared), then the server callback alone, in this process: the validation, the compiled
kernel, the measures and the numbers of both pages with sliders (all but the websocket round
trip).

Usage::

    python benchmarks/explorer_latency.py [--moves 30]

Needs the ``explore`` extra and /usr/bin/chromium. Not part of the test suite (the browser test
only checks a generous sanity bound).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update"]  # fmt: skip

# records when the number's data-value first changes after the move (browser clock)
WATCH = """(name) => {
  function deep(root, sel) {
    const el = root.querySelector(sel);
    if (el) return el;
    for (const n of root.querySelectorAll('*')) {
      if (n.shadowRoot) { const f = deep(n.shadowRoot, sel); if (f) return f; }
    }
    return null;
  }
  const sel = `[data-var="${name}"]`;
  const el = deep(document, sel);
  const root = el.getRootNode();
  window.__ue = {old: el.dataset.value, changed: null};
  const obs = new MutationObserver(() => {
    const e = root.querySelector(sel);
    if (e && e.dataset.value !== window.__ue.old && window.__ue.changed === null) {
      window.__ue.changed = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
  window.__ue.t0 = performance.now();
  return true;
}"""


def _summary(label: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=10)
    return (
        f"{label}: median {statistics.median(ms):.1f} ms, p90 {q[-1]:.1f} ms, "
        f"min {min(ms):.1f}, max {max(ms):.1f} (n = {len(ms)})"
    )


def browser_latency(moves: int, pauses_ms: tuple[int, ...] = (150, 500)) -> dict[int, list[float]]:
    """Slider-to-number times (ms) for ``moves`` moves at each pause between moves: 150 ms keeps
    the figures from redrawing between moves; 500 ms lets each move redraw them (in the
    background) before the next."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "unequal_exchange.cli", "explore", "--no-browser", "--port",
           str(port)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split()[1]
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1900})
            page.goto(url)
            page.locator('[data-var="price_transfer"]').wait_for(timeout=60_000)
            handle = page.locator(".ue-page-mexico-us").locator(
                ".ue-slider-maquila_wage_ratio .noUi-handle"
            )
            page.wait_for_timeout(2000)  # the page settles after its first render
            times: dict[int, list[float]] = {}
            for pause in pauses_ms:
                times[pause] = []
                for k in range(moves + 2):  # the first two of each series are dropped
                    page.evaluate(WATCH, "price_transfer")
                    handle.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
                    page.wait_for_function("window.__ue.changed !== null", timeout=30_000,
                                           polling="raf")  # fmt: skip
                    if k >= 2:
                        times[pause].append(page.evaluate("window.__ue.changed - window.__ue.t0"))
                    page.wait_for_timeout(pause)
            browser.close()
        return times
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: the server stops its WIOD worker
        proc.wait(30)


def callback_time(moves: int) -> tuple[list[float], list[float]]:
    """The server's work for one move, in this process: (whole callback, state update only)."""
    import numba

    from unequal_exchange.explorer import app, core

    numba.set_num_threads(1)  # as the explorer's server
    session = app.Session("baseline")
    app.MexicoUSPage(session), app.MeasuresPage(session)
    whole, state = [], []
    for k in range(moves + 2):
        value = 0.1 + 0.005 * (k % 2)
        t = time.perf_counter()
        assert session.apply("maquila_wage_ratio", value)
        if k >= 2:
            whole.append(1e3 * (time.perf_counter() - t))
    st = core.ExplorerState()
    for k in range(moves + 2):
        t = time.perf_counter()
        assert st.set("maquila_wage_ratio", 0.1 + 0.005 * (k % 2)) is None
        if k >= 2:
            state.append(1e3 * (time.perf_counter() - t))
    return whole, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average (1, 5, 15 min) before: {os.getloadavg()}")
    times = browser_latency(args.moves)
    for pause, ms in times.items():
        print(_summary(f"slider move -> updated number, in the browser, {pause} ms apart", ms))
    print(f"load average after the browser run: {os.getloadavg()}")
    whole, state = callback_time(args.moves)
    print(_summary("server callback (validate, kernel, measures, both pages' numbers)", whole))
    print(_summary("  of which the state update (validate + compiled kernel)", state))
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
