"""The teaching page in a real headless Chromium: it renders, has its frames, and plays."""

from __future__ import annotations

import pytest

from tests.browser.pages import open_plots, severe_logs
from twin.viz.teaching import PLOT_DIV_ID, TeachingSettings, write_teaching_page

SETTINGS = TeachingSettings(frame_min=60.0, frame_duration_ms=100)
N_FRAMES = 48  # two days of hourly frames

_FRAMES = "return document.getElementById(arguments[0])._transitionData._frames.length;"
_ACTIVE = "return document.getElementById(arguments[0])._fullLayout.sliders[0].active;"
_IMAGES = "return document.querySelectorAll('#' + arguments[0] + ' .imagelayer image').length;"


@pytest.fixture(scope="module")
def page(browser, short_run, tmp_path_factory):
    """The teaching page of the short run, open in the browser."""
    path = write_teaching_page(
        short_run, tmp_path_factory.mktemp("teaching") / "teaching.html", settings=SETTINGS
    )
    open_plots(browser, path, [PLOT_DIV_ID])
    return browser


def test_page_renders_without_console_errors(page):
    """Loading the page logs no SEVERE console message."""
    assert severe_logs(page) == []


def test_plot_has_one_frame_per_hour(page):
    """The plot div holds the 48 hourly frames of the two-day run."""
    assert page.execute_script(_FRAMES, PLOT_DIV_ID) == N_FRAMES


def test_play_advances_the_slider(page):
    """Play moves the slider on, the habitat image stays, and pause logs no console error."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    assert page.execute_script(_ACTIVE, PLOT_DIV_ID) == 0
    buttons = page.find_elements(By.CSS_SELECTOR, f"#{PLOT_DIV_ID} .updatemenu-button")
    assert [b.text for b in buttons] == ["play", "pause"]
    buttons[0].click()
    WebDriverWait(page, 10).until(lambda d: d.execute_script(_ACTIVE, PLOT_DIV_ID) >= 3)
    assert page.execute_script(_IMAGES, PLOT_DIV_ID) == 1
    buttons[1].click()
    assert severe_logs(page) == []
