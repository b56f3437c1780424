"""Shared plumbing for the real-browser tests (Playwright driving Debian's Chromium).

Screenshots go to artifacts/browser/ (git-ignored)."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from tests.server_support import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = ROOT / "artifacts" / "browser"
PIN = "2468"
PHONE = {"width": 360, "height": 640}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="Debian's chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium); .ci/run installs it",
    ),
]


def launch(pw: Any) -> Any:
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def settle(page: Any, timeout: float = 20_000) -> None:
    """Wait until Streamlit has finished the current script run (as its own e2e tests do)."""
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout
    )


def shot(page: Any, name: str, full_page: bool = True) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return str(path)


def login(browser: Any, base: str, viewport: dict, pin: str = PIN, **context: Any) -> Any:
    """A new browser context logged in as the facilitator; returns its page."""
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(f"{base}/masuk")
    settle(page)
    page.locator(".st-key-pin input").fill(pin)
    page.locator(".st-key-login button").click()
    # h13a: the browser goes through /api/masuk, which sets the HttpOnly login cookie,
    # and comes back to /masuk (logged in, in a new session)
    deadline = time.time() + 30
    while not any(c["name"] == "bimtek_fac" for c in page.context.cookies()):
        if time.time() > deadline:
            raise AssertionError("no login cookie after 30 s")
        page.wait_for_timeout(100)
    page.wait_for_load_state()
    page.wait_for_selector(".st-key-logout")
    settle(page)
    return page


def phone_context(browser: Any) -> Any:
    return browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )


def phone_join(browser: Any, url: str, name: str, opd: str) -> Any:
    """A phone (360×640) that joined through `url` (the QR link) and shows the idea form."""
    page = phone_context(browser).new_page()
    page.goto(url)
    page.wait_for_selector(".st-key-join_name input")
    settle(page)
    page.locator(".st-key-join_name input").fill(name)
    page.locator(".st-key-join_opd").click()
    page.keyboard.type(opd)
    page.keyboard.press("Enter")
    page.locator(".st-key-join_submit button").click()
    page.wait_for_selector(".st-key-idea_title input", timeout=20_000)
    settle(page)
    return page


def pick(page: Any, key: str, label: str) -> None:
    """Choose `label` in the selectbox `key`, replacing what it shows."""
    field = page.locator(f".st-key-{key} input")
    field.click()
    field.press("Control+a")
    field.type(label)
    page.keyboard.press("Enter")


def wait_text(page: Any, selector: str, text: str, timeout: float = 10_000) -> None:
    """Wait until `selector` shows exactly `text` (e.g. the projector's next refresh)."""
    page.wait_for_function(
        "([s, t]) => document.querySelector(s) && document.querySelector(s).textContent === t",
        arg=[selector, text],
        timeout=timeout,
    )


def no_horizontal_scroll(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
