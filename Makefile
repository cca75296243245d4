# policygen tasks. On a fresh clone: `make demo` and `make test` are all you need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= examples/counseling-nonprofit/policy.yaml

.PHONY: demo test check lint fmt typecheck dist-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: create .venv, install, build the sample policy into out/ (Markdown, HTML, PDF)
demo: $(STAMP)
	$(BIN)/policygen build $(DEMO) --format md,html,pdf --output out

## test: lint, type-check and run the whole test suite
test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

## check: the fast loop: lint, type-check and the tests that need no pty, PDF or wheel
check: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -n 2 -m "not pty and not pdf and not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format src tests benchmarks tools
	$(BIN)/ruff check --fix src tests benchmarks tools

## dist-check: build the wheel, install it in a throw-away venv, build the demo from it
dist-check: $(STAMP)
	$(BIN)/python -m pytest -m slow tests/test_wheel.py

## bench: policygen against its dependencies' floor, side by side (exit 1 if a target is missed)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf out dist build .pytest_cache .mypy_cache .ruff_cache
