"""Open a page in the test browser and wait for its Plotly plots."""

from __future__ import annotations

from pathlib import Path

PLOTS_READY_S = 30.0

_RENDERED = """
return arguments[0].every(function (id) {
  var gd = document.getElementById(id);
  return gd !== null && gd._fullLayout !== undefined && gd.querySelector('.main-svg') !== null;
});
"""


def open_plots(driver, page: Path, div_ids: list[str]) -> None:
    """Load ``page`` (file://) and wait until Plotly has drawn every div in ``div_ids``."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, PLOTS_READY_S).until(lambda d: d.execute_script(_RENDERED, div_ids))


def severe_logs(driver) -> list[str]:
    """Console messages of level SEVERE (errors, uncaught exceptions) since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
