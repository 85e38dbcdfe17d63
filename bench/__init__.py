"""Load-test harness for `make bench` (see bench/run.py). Not part of the application."""
