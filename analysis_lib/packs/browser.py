"""Headless Chromium driven by selenium: printing reports to PDF and checking pages in tests.

Uses the system's Chromium and ChromeDriver (Debian's `chromium` and `chromium-driver`, which
`.ci/run` installs); nothing is downloaded. Each browser gets a fresh profile folder and the
flags that keep it from reaching the network on its own.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync")
WINDOW = (1280, 900)


class BrowserUnavailable(RuntimeError):
    """Chromium or ChromeDriver is not installed."""


def find_browser() -> tuple[str, str]:
    """Paths of the Chromium binary and its ChromeDriver, or `BrowserUnavailable` saying
    what to install."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    missing = [name for name, path in (("chromium", chromium), ("chromium-driver", driver))
               if path is None]
    if missing:
        raise BrowserUnavailable(f"{' and '.join(missing)} not found on PATH "
                                 f"(Debian: apt-get install chromium chromium-driver)")
    return chromium, driver


def available() -> bool:
    try:
        find_browser()
    except BrowserUnavailable:
        return False
    return True


@contextmanager
def headless_chromium(window: tuple[int, int] = WINDOW) -> Iterator:
    """A selenium WebDriver for a new headless Chromium; quit and its profile removed on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = find_browser()
    with tempfile.TemporaryDirectory(prefix="evidence-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in (*FLAGS, f"--user-data-dir={profile}",
                     f"--window-size={window[0]},{window[1]}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
        try:
            yield driver
        finally:
            driver.quit()
