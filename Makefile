# Stadtteilwirtschaft: the two commands (see README.md) and lint.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: setup run test lint bench bench-screens clean i18n

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

# Times the main screens in a browser; needs the `make run` server running.
bench-screens: setup
	bash tools/bench_screens.sh

# Stops the local PostgreSQL cluster and removes everything the set-up created.
clean:
	bash tools/clean.sh

# Re-export the .pot and merge it into i18n/de.po (needs the `make run` database).
i18n: setup
	bash tools/i18n.sh
