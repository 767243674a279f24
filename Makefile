# Two-command set-up: `make run` and `make test` create .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(BIN)/python:
	@command -v $(PY) >/dev/null || { echo "waymark: missing Debian packages: python3 (sudo apt-get install python3 python3-venv)" >&2; exit 1; }
	@$(PY) -c "import ensurepip, venv" 2>/dev/null || { echo "waymark: missing Debian packages: python3-venv (sudo apt-get install python3-venv)" >&2; exit 1; }
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the doctor stops with one line naming the missing Debian packages (Qt's plugin libraries)
run: $(STAMP)
	@$(BIN)/python -m app.doctor run
	$(BIN)/python main.py resources/samples/online-retailer.journey

test: $(STAMP)
	@QT_QPA_PLATFORM=offscreen $(BIN)/python -m app.doctor test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
