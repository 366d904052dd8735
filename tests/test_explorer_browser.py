"""The explorer driven in a real headless browser (Debian's chromium through Playwright).

The server runs as ``unequal-exchange explore --no-browser --port N`` in a subprocess; every
request the page makes to anything but that server is refused and recorded (the page must work
offline). Screenshots and the measured slider latency go to ``$UE_EXPLORER_ARTIFACTS`` when it is
set (the helper that built the explorer looked at them), else to a temporary folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

import unequal_exchange as ue

sync_api = pytest.importorskip("playwright.sync_api", reason="the 'explore' extra is not installed")
pytest.importorskip("panel", reason="the 'explore' extra is not installed")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is missing (apt-get install chromium)"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Install a watcher on one number: records when its data-value first changes (browser clock).
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    where = os.environ.get("UE_EXPLORER_ARTIFACTS")
    path = Path(where) if where else tmp_path_factory.mktemp("explorer")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "unequal_exchange.cli",
            "explore",
            "--no-browser",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.startswith("explorer: http://localhost:"), line + proc.stderr.read()
    url = line.split()[1]
    for _ in range(200):  # the URL is printed before the JIT warm-up and the server start
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield proc, url, port
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def browser_page(server):
    _, url, port = server
    external = []

    def route(r):
        if r.request.url.startswith((f"http://localhost:{port}", "data:", "blob:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1900}, accept_downloads=True)
        page.route("**/*", route)
        page.goto(url)
        page.locator('[data-var="price_transfer"]').wait_for(timeout=30_000)
        yield page, external
        browser.close()


def _shown(page, name: str) -> float:
    return float(page.locator(f'[data-var="{name}"]').get_attribute("data-value"))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def test_page_shows_what_run_gives_and_loads_nothing_from_outside(browser_page, artifacts):
    page, external = browser_page
    base = ue.run("baseline")
    for name in ("price_transfer", "repatriated_profit", "total_drain", "enclave_hours"):
        assert _close(_shown(page, name), float(base[name])), name
    strict = float(base.price_transfer_by_factor.sel(factor="wage"))
    assert _close(_shown(page, "split-wage"), strict)
    assert page.locator('[data-var="price_transfer"]').inner_text() == "125.45"
    page.screenshot(path=artifacts / "explorer-baseline.png", full_page=True)
    assert external == [], f"the page asked the network for {external}"


def test_slider_moves_update_the_number_to_what_run_gives_and_fast(browser_page, artifacts):
    page, _ = browser_page
    handle = page.locator(".ue-slider-maquila_wage_ratio .noUi-handle")
    times = []
    for _ in range(20):  # 0.100 -> 0.200 by steps of 0.005
        page.evaluate(WATCH, "price_transfer")
        handle.press("ArrowRight")
        page.wait_for_function("window.__ue.changed !== null", timeout=5_000, polling="raf")
        times.append(page.evaluate("window.__ue.changed - window.__ue.t0"))
    sync_api.expect(page.locator(".ue-text-maquila_wage_ratio input")).to_have_value("0.2")
    ratio = float(page.locator(".ue-text-maquila_wage_ratio input").input_value())
    expected = ue.run(ue.load_scenario("baseline").with_parameters(maquila_wage_ratio=ratio))
    # the figures redraw once the slider is still; the note under them says for what
    page.locator(".ue-figures-of", has_text="maquila_wage_ratio=0.2)").wait_for(timeout=10_000)
    assert _close(_shown(page, "price_transfer"), float(expected.price_transfer))
    assert _close(_shown(page, "split-wage"), float(expected.price_transfer_by_factor[0]))
    median = statistics.median(times)
    (artifacts / "slider-latency.json").write_text(
        json.dumps({"median_ms": median, "max_ms": max(times), "moves_ms": times}, indent=1)
    )
    page.screenshot(path=artifacts / "explorer-after-slider.png", full_page=True)
    # ~80 ms on a 2-core machine at load 8 is the round trip of a one-slider Panel app itself
    assert median < 200, f"median slider-to-number time {median:.0f} ms"


def test_downloaded_toml_reproduces_the_page(browser_page, tmp_path):
    page, _ = browser_page
    shown = _shown(page, "price_transfer")
    with page.expect_download(timeout=10_000) as info:
        page.locator(".ue-download").get_by_text("Download").click()
    path = tmp_path / "scenario.toml"
    info.value.save_as(path)
    ds = ue.run(path)
    assert _close(float(ds.price_transfer), shown)
    assert "\nmaquila_wage_ratio = 0.2\n" in path.read_text(encoding="utf-8")  # as shown


def test_bad_text_shows_the_package_message_and_the_page_keeps_working(browser_page, artifacts):
    page, _ = browser_page
    box = page.locator(".ue-text-hidden_maquila_wage_ratio input")
    box.fill("abc")
    box.press("Enter")
    alert = page.locator(".ue-error")
    alert.wait_for(timeout=5_000)
    assert alert.inner_text() == (
        'error: hidden_maquila_wage_ratio must be a number (1), got str "abc"'
    )
    page.screenshot(path=artifacts / "explorer-bad-input.png")
    box.fill("0.4")
    box.press("Enter")
    page.locator(".ue-error", has_text="is not viable").wait_for(timeout=5_000)
    assert "an enclave's value added does not cover its wage bill" in alert.inner_text()
    # the page still answers: a valid value clears the message and moves the number
    before = _shown(page, "price_transfer")
    box.fill("0.2")
    box.press("Enter")
    alert.wait_for(state="detached", timeout=5_000)
    sc = ue.load_scenario("baseline").with_parameters(
        maquila_wage_ratio=float(page.locator(".ue-text-maquila_wage_ratio input").input_value()),
        hidden_maquila_wage_ratio=0.2,
    )
    sync_api.expect(page.locator('[data-var="price_transfer"]')).not_to_have_attribute(
        "data-value", repr(before)
    )  # the values are written with Python's repr
    assert _close(_shown(page, "price_transfer"), float(ue.run(sc).price_transfer))


def test_guided_exercises_show_the_published_tables(browser_page, artifacts):
    page, _ = browser_page
    page.locator(".bk-tab", has_text="Capital III ch. 9").click()
    step3 = page.locator(".ue-capital-step-2")
    step3.get_by_text("show the engine's answer").first.click()
    sync_api.expect(step3).to_contain_text("Marx's 22 %")
    page.screenshot(path=artifacts / "explorer-capital-iii.png", full_page=True)
    page.locator(".bk-tab", has_text="Emmanuel 1972").click()
    total = page.locator('[data-var="emmanuel-total"]')
    sync_api.expect(total).to_have_text("60")
    page.locator(".ue-slider-periphery-wage .noUi-handle").press("End")  # v = 120
    page.locator(".ue-slider-periphery-wage .noUi-handle").press("Home")  # v = 5
    for _ in range(11):  # 5 -> 60
        page.locator(".ue-slider-periphery-wage .noUi-handle").press("ArrowRight")
    sync_api.expect(total).to_have_text("33.33")  # notebook 02, exercise 1
    page.screenshot(path=artifacts / "explorer-emmanuel.png", full_page=True)
    page.locator(".bk-tab", has_text="Mexico–US").click()


def test_ctrl_c_stops_the_server_cleanly(server, browser_page):
    proc, _, _ = server
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "explorer stopped" in out
    assert "Traceback" not in err
