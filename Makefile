# Two commands do all the set-up on a fresh machine (see README):
#   make run    build the dataset from seeds/ and start the dashboard
#   make test   lint and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= seeds
DATA ?= data

.PHONY: setup build run test lint format clean

$(BIN)/geo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/geo

build: setup
	$(BIN)/geo build --corpus $(CORPUS) --out $(DATA)

run: build
	$(BIN)/streamlit run dashboard.py -- --data $(DATA) --corpus $(CORPUS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) static/vendor .pytest_cache .ruff_cache
