"""Plotly figures built from results (never inside the simulation loop) and the HTML report."""
