# One command per job. Every target sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SAMPLE ?= data/sample

.PHONY: demo test test-fast lint format bench lock clean help

help:
	@echo "make demo   - install, load data/sample into data/monitor.db, serve the dashboard on 127.0.0.1:$(PORT)"
	@echo "make test   - install, lint, run every test (browser and PostgreSQL tests when available)"
	@echo "make test-fast - the fast unit suite only"
	@echo "make lint   - ruff + mypy"
	@echo "make bench  - dashboard and tagger benchmarks"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: $(BIN)/python requirements.txt constraints.txt
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.deps requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

demo: $(VENV)/.deps
	$(BIN)/python -m etl run $(SAMPLE)
	$(BIN)/python -m dashboard.serve --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

test-fast: $(VENV)/.dev
	$(BIN)/pytest -m "not model and not postgres and not browser and not slow"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev
	$(BIN)/python -m bench

# Re-pin every transitive dependency after changing requirements*.txt.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
