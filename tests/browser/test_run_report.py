"""The run report (twin.viz.report) in a real headless Chromium renders without errors."""

from __future__ import annotations

import dataclasses
import time

import pytest

from tests.browser.pages import open_plots, severe_logs
from twin.viz.report import write_report

_ACTIVE = "return document.getElementById(arguments[0])._fullLayout.sliders[0].active;"
_MAP_BOTTOM_AND_SLIDER_TOP = """
var gd = document.getElementById(arguments[0]);
var y = gd._fullLayout.yaxis;
var top = gd.getBoundingClientRect().top;
var slider = gd.querySelector('.slider-container').getBoundingClientRect();
return [top + y._offset + y._length, slider.top];
"""


@pytest.fixture(scope="module")
def report(browser, short_run, tmp_path_factory):
    """The short run's report with daily frames (two of them), open in the browser."""
    daily = short_run.scenario.replace(**{"report.frame_days": 1})
    result = dataclasses.replace(short_run, scenario=daily)
    path = write_report(result, tmp_path_factory.mktemp("report") / "report.html")
    n_figs = path.read_text(encoding="utf-8").count('id="fig')
    assert n_figs >= 4
    open_plots(browser, path, [f"fig{k}" for k in range(n_figs)])
    return browser


@pytest.mark.slow
def test_report_renders_without_console_errors(report):
    """Every figure of a short run's report is drawn and the console has no SEVERE message."""
    assert severe_logs(report) == []


@pytest.mark.slow
def test_movement_slider_lies_under_the_map(report):
    """The animation's slider starts below the map's plot area, not over its south."""
    map_bottom, slider_top = report.execute_script(_MAP_BOTTOM_AND_SLIDER_TOP, "fig1")
    assert slider_top >= map_bottom


@pytest.mark.slow
def test_play_then_pause_logs_no_console_error(report):
    """Play moves the movement slider; pause in mid-animation logs no uncaught rejection."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    buttons = report.find_elements(By.CSS_SELECTOR, "#fig1 .updatemenu-button")
    assert [b.text for b in buttons] == ["play", "pause"]
    buttons[0].click()
    WebDriverWait(report, 10).until(lambda d: d.execute_script(_ACTIVE, "fig1") >= 1)
    buttons[0].click()
    buttons[1].click()
    time.sleep(1.0)  # an unhandled rejection is logged on the next task
    assert severe_logs(report) == []
