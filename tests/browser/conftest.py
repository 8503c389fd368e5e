"""A headless Chromium driven by Selenium, and short runs whose pages it opens.

Without Chromium, chromedriver or Selenium the browser tests skip, unless ``CI`` is set (CI
installs them: ``apt-get install -y chromium chromium-driver``), where they fail.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import twin

CHROMIUM = Path(os.environ.get("TWIN_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("TWIN_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1300,1100",
)
SHORT_RUN = [
    "years=0.0055",  # 2 days
    "output.track_every_ticks=1",
    "progress=false",
    "estimation.enabled=false",
    "cameras.crews.install_by_crews=false",
]


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install selenium)"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.is_file():
            return f"{path} not found (apt-get install -y {package})"
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium (fresh profile, no network services) that keeps console logs."""
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need Chromium and Selenium on CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def short_run():
    """A two-day run with every camera out from the start and 15-min tracks."""
    return twin.simulate(twin.load_scenario(SHORT_RUN))
