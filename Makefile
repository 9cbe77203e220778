# evolink-images: the project's front door. `make` (or `make help`) lists every target.
# Every target that needs Python depends on the venv, so a fresh clone needs no other step.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The venv is rebuilt only when pyproject.toml changes: re-running `make venv` is cheap.
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help venv demo generate check-generated upstream-diff upstream-sync lint format test test-all contract contract-live record faults bench docs docs-serve dist simulator clean

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv: the project (editable, with its sim extra) and the dev group (cheap when done)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade 'pip>=25.1'  # dependency groups (PEP 735) need pip 25.1
	$(PIP) -e '.[sim]' --group dev
	@touch $(STAMP)

demo: venv ## Generate an image against the built-in simulator: no key, no network, no cost
	$(BIN)/evolink-images generate nano-banana "A lighthouse at dawn, watercolour" --size 16:9 --simulator --out demo-output

simulator: venv ## Serve the EvoLink simulator on http://127.0.0.1:8787 until Ctrl-C
	$(BIN)/evolink-images simulator --port 8787

generate: venv ## Regenerate from the spec: generated/, the model catalogue and the README's model table
	$(PY) scripts/generate.py generate

check-generated: venv ## Fail, naming the file, when anything generated differs from what the spec produces
	$(PY) scripts/generate.py check

upstream-diff: venv ## The spec against its lock, offline; DOCS=<docs tree> adds what EvoLink's docs changed since
	$(PY) scripts/upstream_diff.py$(if $(DOCS), --docs "$(DOCS)")

upstream-sync: venv ## Record the lock from DOCS=<docs tree>, once the spec agrees with it (refused while it does not)
	@if [ -z "$(DOCS)" ]; then echo "usage: make upstream-sync DOCS=<a checkout of github.com/Pharmacist9527/mintlify-docs>"; exit 2; fi
	$(PY) scripts/upstream_diff.py --sync --docs "$(DOCS)"

lint: venv ## ruff on everything hand-written; mypy --strict on wrapper/, generated/ and the typed usage in tests/typing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv ## Apply ruff's fixes and formatting to the hand-written code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

contract: venv check-generated ## The contract suite: spec, recordings, simulator, generated client, wrapper
	$(BIN)/pytest -q contract_tests

faults: venv ## The fault-injection suite over loopback sockets, on both servers (uvicorn, stdlib), with its summary table
	$(BIN)/pytest $(FAULT_TESTS)

bench: venv ## Benchmarks against baselines in the same run (add ARGS=--full for the real durations)
	$(PIP) --group bench
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check . openai
	BENCH_IMPORT_PYTHON=.venv-bench/bin/python $(PY) -m benchmarks.run $(ARGS)

docs: venv ## Build the documentation site into site/ with mkdocs --strict (any warning fails)
	$(PIP) --group docs
	$(BIN)/mkdocs build --strict --site-dir site

docs-serve: venv ## Serve the documentation on http://127.0.0.1:8000, rebuilt on every change
	$(PIP) --group docs
	$(BIN)/mkdocs serve

dist: venv ## Build the wheel and sdist into dist/, then install the wheel in a bare venv and smoke-test it there
	$(PIP) --group release
	$(PY) scripts/release_check.py --dist dist

record: venv ## With EVOLINK_API_KEY: record live exchanges (one cheap generation, ~1 credit) into contract_tests/recordings
	$(PY) -m contract_tests.live record

contract-live: venv ## With EVOLINK_API_KEY: check the spec against the live API (paid calls only with EVOLINK_ALLOW_SPEND=1)
	@if [ -z "$$EVOLINK_API_KEY" ]; then $(PY) -m contract_tests.live check; \
	else EVOLINK_LIVE=1 $(BIN)/pytest -q -rs contract_tests/test_live.py -k live_api; fi

# The two test tiers (tests/tiers.py): `make test` runs test-all's pytest commands with -m "not slow" and a twentieth
# of each property test's examples; tests/test_tiers.py holds the two to that.
TESTS := -q -n 2 --ignore=tests/faults tests contract_tests
FAULT_TESTS := -q -p no:xdist tests/faults

test: venv check-generated lint ## The fast tier (about 4.5 min from a fresh clone): check-generated, lint, upstream-diff, tests not marked slow
	$(PY) scripts/upstream_diff.py
	EVOLINK_TEST_TIER=fast $(BIN)/pytest -m "not slow" $(TESTS)
	EVOLINK_TEST_TIER=fast $(BIN)/pytest -m "not slow" $(FAULT_TESTS)

test-all: venv check-generated lint ## What CI runs (about 13 min): make test's checks, then every test at full strength, slow ones too
	$(PY) scripts/upstream_diff.py
	EVOLINK_TEST_TIER=full $(BIN)/pytest $(TESTS)
	EVOLINK_TEST_TIER=full $(BIN)/pytest $(FAULT_TESTS)

clean: ## Remove the venv and caches
	rm -rf $(VENV) .venv-bench .pytest_cache .mypy_cache .ruff_cache site dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
