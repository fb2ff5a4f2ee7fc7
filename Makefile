# The two commands the README starts with: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fonts lint bench clean fuzz

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml setup.py $(wildcard exporter/_*.c exporter/*/_*.c)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

fonts: $(STAMP)
	$(BIN)/python -m exporter.fonts.fetch

demo: $(STAMP) fonts
	$(BIN)/excalidraw-export render samples/system-design-template.excalidraw.md -o out -f svg,png,pdf
	$(BIN)/excalidraw-export doc samples/system-design-template.excalidraw.md -o out
	@echo "wrote out/"

test: $(STAMP) fonts
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check exporter tests bench tools fuzz

bench: $(STAMP) fonts
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[bench]"
	$(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache

# Coverage-guided fuzzing of the decoders (atheris), not part of `make test`:
#   make fuzz FUZZ_SECONDS=120
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	bash fuzz/run.sh $(FUZZ_SECONDS)
