# Thai ITA pipeline. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
OUT    ?= data/processed
SHARED ?= ../shared
OUT_REAL ?= data/processed-real
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
# Debian packages the pipeline needs (OCR, PDF rendering, Thai fonts; chromium for the report test)
APT_PACKAGES := poppler-utils tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng fonts-thai-tlwg fonts-dejavu-core fonts-freefont-ttf chromium
STAMP  := $(VENV)/.installed

.PHONY: help setup system-packages extract nightly test test-fast lint eval eval-real clean clean-cache golden fixtures bench bench-scale docs report audit

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP) ## install Debian packages and the virtualenv .venv (idempotent)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-packages
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-packages: ## install the Debian packages that are missing (needs root or sudo)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "system packages: all present"; exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "warning: apt-get not found; install:$$missing" >&2; exit 0; fi; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	echo "installing:$$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null

extract: setup ## extract every PDF under RAW (default data/raw) into OUT (default data/processed)
	$(BIN)/ita extract $(RAW) --out $(OUT) --workers $(WORKERS)

nightly: setup ## incremental run for cron/systemd: only new and changed PDFs; exit 1 if any document needs attention
	$(BIN)/ita extract $(RAW) --out $(OUT) --strict

test: setup ## run the whole test suite (what CI runs, after make lint)
	$(BIN)/python -m pytest -q

test-fast: setup ## the inner loop (under 20 s): all but the corpus runs, OCR, processes, Dask and the browser
	$(BIN)/python -m pytest -q -m "not slow" -p no:cacheprovider

# packages type-checked with --strict (the whole package is checked with the project's settings)
STRICT := pipeline/model.py pipeline/datasets.py pipeline/assemble.py pipeline/text pipeline/layout pipeline/tables pipeline/stages pipeline/rules

lint: setup ## ruff (style, imports, complexity <= 10), ruff format, mypy on the package (--strict on STRICT)
	$(BIN)/ruff check pipeline tools tests
	$(BIN)/ruff format --check pipeline tools tests
	$(BIN)/mypy pipeline
	$(BIN)/mypy --strict --follow-imports=silent $(STRICT)

eval: setup ## extract data/raw and score it against the gold answers in ../shared
	$(BIN)/ita extract $(RAW) --out $(OUT) --workers $(WORKERS)
	@if [ -f $(SHARED)/eval/score.py ]; then \
		$(BIN)/python $(SHARED)/eval/score.py --processed $(OUT) --gold $(SHARED)/corpus/gold; \
		$(BIN)/python -m tools.matcher_misses --processed $(OUT) --gold $(SHARED)/corpus/gold; \
	else echo "no $(SHARED)/eval/score.py: skipping the score"; fi

eval-real: setup ## extract ../shared/real, score it (score_real.py) and check its cross-document goldens (tests/golden/real)
	$(BIN)/ita extract $(SHARED)/real --out $(OUT_REAL) --workers $(WORKERS)
	$(BIN)/python $(SHARED)/eval/score_real.py --processed $(OUT_REAL) --gold $(SHARED)/real/gold
	$(BIN)/python -m tools.golden_real --processed $(OUT_REAL)

bench: setup ## benchmarks: OCR vs plain tesseract; pipeline vs plain pdfplumber, 1 vs 2 workers, memory, no-change rerun; font-varied scans
	$(BIN)/python -m tools.bench all

bench-scale: setup ## nightly at scale: add one document to 10^3, 10^4, 10^5 published documents, and a run with nothing changed
	$(BIN)/python -m tools.benchscale --sizes 1000 10000 100000

clean: ## remove the outputs (keeps .venv and the OCR cache)
	rm -rf $(OUT)/*.parquet $(OUT)/_manifest.json $(OUT)/.staging-* .pytest_cache .hypothesis

clean-cache: ## remove the OCR cache too (the next run OCRs every scanned page again)
	rm -rf $(OUT)/_cache tests/.cache

docs: setup ## regenerate docs/data-dictionary.md (pipeline/datasets.py) and the stage list of docs/architecture.md
	$(BIN)/python -m tools.data_dictionary

report: setup ## write report.html from OUT (self-contained; open it in any browser)
	$(BIN)/ita report --data $(OUT) --out report.html

audit: setup ## the auditor's table: missing/partial OIT items per organisation and what addresses them
	$(BIN)/ita audit --data $(OUT)

fixtures: setup ## regenerate the office-suite fixtures (tests/fixtures/letterheads, …): needs soffice (apt: libreoffice-writer-nogui libreoffice-calc-nogui)
	$(BIN)/pip install -q -e .[fixtures]
	$(BIN)/python -m tools.make_letterheads tests/fixtures/letterheads
	$(BIN)/python -m tools.make_measure_lists tests/fixtures/measure_lists
	$(BIN)/python -m tools.make_status_reports tests/fixtures/status_reports
	$(BIN)/python -m tools.make_broken_maps tests/fixtures/broken_maps
	$(BIN)/python -m tools.make_announcements tests/fixtures/announcements
	$(BIN)/python -m tools.make_office_set tests/fixtures/office_set

golden: setup ## rewrite tests/golden from the corpus (review the diff before committing)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py
