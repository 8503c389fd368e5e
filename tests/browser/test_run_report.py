"""The run report (twin.viz.report) in a real headless Chromium renders without errors."""

from __future__ import annotations

import pytest

from tests.browser.pages import open_plots, severe_logs
from twin.viz.report import write_report


@pytest.mark.slow
def test_report_renders_without_console_errors(browser, short_run, tmp_path):
    """Every figure of a short run's report is drawn and the console has no SEVERE message."""
    path = write_report(short_run, tmp_path / "report.html")
    n_figs = path.read_text(encoding="utf-8").count('id="fig')
    assert n_figs >= 4
    open_plots(browser, path, [f"fig{k}" for k in range(n_figs)])
    assert severe_logs(browser) == []
