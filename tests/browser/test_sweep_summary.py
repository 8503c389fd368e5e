"""The summary page of a `twin -m` sweep renders in Chromium without console errors."""

from __future__ import annotations

import pytest

from tests.browser.pages import severe_logs
from tests.test_twin_multirun import multirun

pytestmark = pytest.mark.slow
_DRAWN = """
var divs = Array.from(document.querySelectorAll('.plotly-graph-div'));
return divs.length > 0 && divs.every(function (gd) {
  return gd._fullLayout !== undefined && gd.querySelector('.main-svg') !== null;
});
"""


def test_summary_page_renders_without_console_errors(browser, tmp_path):
    """summary.html of a three-seed sweep draws every plot and logs no error."""
    from selenium.webdriver.support.ui import WebDriverWait

    folder = multirun(tmp_path / "sweep", 2)
    browser.get_log("browser")
    browser.get((folder / "summary.html").resolve().as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(_DRAWN))
    assert severe_logs(browser) == []
