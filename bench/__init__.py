"""Speed benchmarks: see bench/run.py; `make bench` runs them."""
