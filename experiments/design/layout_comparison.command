.venv/bin/python experiments/layout_comparison.py --cameras 40 80 --trials 50 --training-seeds 12 --finalists 4 --validation-seeds 16 --fresh-seeds 40 --docs docs/layout-optimisation.md
