VENV ?= .venv
.PHONY: setup demo test bench eval

setup:
	scripts/setup.sh

demo: setup
	$(VENV)/bin/eventwire demo

test:
	scripts/setup.sh --test
	EVENTWIRE_REQUIRE_BROWSER=1 $(VENV)/bin/python -m pytest -q

bench: setup
	$(VENV)/bin/eventwire bench

eval: setup
	$(VENV)/bin/eventwire eval all
