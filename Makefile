# The project's verbs. `make pack` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KERNEL := evidence-analysis
STAMP := $(VENV)/.installed
SYNTH_STAMP := data/synthetic/truth.json
# axe-core (the accessibility rules the browser test injects), pinned in package-lock.json
AXE := node_modules/axe-core/axe.min.js
PACK ?= parameters/packs/default.yaml
WORKERS ?= 2

.PHONY: pack test lint unit notebooks lab data clean-notebooks benchmark validate clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Evidence (analysis_lib)"
	touch $(STAMP)

$(SYNTH_STAMP): $(STAMP) $(wildcard analysis_lib/data/synth/*.py)
	$(BIN)/evidence data synth

data: $(SYNTH_STAMP)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(AXE)  # npm keeps the packaged (1985) file times

pack: $(SYNTH_STAMP)
	$(BIN)/evidence pack $(PACK) --workers $(WORKERS) --pdf

lint: $(STAMP)
	$(BIN)/ruff check analysis_lib tests benchmarks notebooks

unit: $(SYNTH_STAMP) $(AXE)
	$(BIN)/pytest tests

notebooks: $(SYNTH_STAMP)
	$(BIN)/pytest --nbval-lax --nbval-kernel-name $(KERNEL) -p no:cacheprovider notebooks

test: lint unit notebooks

lab: $(SYNTH_STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean-notebooks: $(STAMP)
	$(BIN)/python -m analysis_lib.notebook_hygiene notebooks/*.ipynb

benchmark: $(SYNTH_STAMP)
	$(BIN)/python benchmarks/pack_vs_papermill_cli.py

# Coverage of every headline interval over replicated synthetic Englands (about an hour on
# two cores; resumes from outputs/validation/records if interrupted).
validate: $(STAMP)
	$(BIN)/evidence validate --workers $(WORKERS) --docs docs/validation.md

clean:
	rm -rf outputs/*/ data/synthetic data/processed .pytest_cache node_modules
