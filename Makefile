# Stadtteilwirtschaft: the two commands (see README.md) and lint.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: setup run test lint bench bench-data bench-screens clean i18n cluster cluster-stop load faults

setup:
	bash tools/setup.sh

run: setup
	bash tools/run.sh

test: setup
	bash tools/test.sh

lint: setup
	bash tools/lint.sh

bench: setup
	bash tools/bench.sh

# Benchmark data in a database of its own (district_economy_scale; BENCH_SCALE=small: a hundredth, in
# district_economy_scale_small); BENCH_SEED, BENCH_DATA_DB: see tools/bench_data.py.
bench-data: setup
	bash tools/bench_data.sh

# Times the main screens in a browser; needs the `make run` server running.
bench-screens: setup
	bash tools/bench_screens.sh

# Stops the local PostgreSQL cluster and removes everything the set-up created.
clean:
	bash tools/clean.sh

# Re-export the .pot and merge it into i18n/de.po (needs the `make run` database).
i18n: setup
	bash tools/i18n.sh

# A PostgreSQL primary and streaming replica and Odoo with 4 workers reading from the replica
# (http://localhost:8070); `make cluster-stop` stops them (the data stays in .state/cluster).
cluster: setup
	bash tools/cluster.sh start

cluster-stop:
	bash tools/cluster.sh stop

# 20 simulated coordinators for 5 minutes against `make run` and `make cluster` (whichever runs).
load: setup
	bash tools/load_test.sh

# kill -9 in the middle of an address-table import, a reassignment and a report computation.
faults: setup
	bash tools/fault_test.sh
