# Build and test tooling for the mobotix.move_nvr Ansible collection.
#
#   make venv         .venv with the test tools and the runtime requirements
#   make collection   copy of this repo at build/collections/ansible_collections/mobotix/move_nvr
#   make build        collection tarball in build/ (ansible-galaxy collection build)
#   make units        pytest tests/unit            (in the copy)
#   make integration  pytest tests/integration     (in the copy; real ansible-playbook runs)
#   make sanity       ansible-test sanity --venv   (in the copy)
#   make lint         ansible-lint, antsibull-changelog lint, antsibull-docs lint
#   make test         all of the above, with a summary; fails if any step fails
#   make demo / bench tests/ci/demo.sh / tests/bench/run.sh
#   make clean        remove build/ and tests/output/   (distclean: also .venv)
#
# Variables: PYTHON (python3), UNITS_ARGS / INTEGRATION_ARGS (extra pytest
# arguments, e.g. UNITS_ARGS='-k email'; a path such as tests/unit/x.py runs only
# that instead of the whole folder; INTEGRATION_ARGS defaults to
# '-n 2 --dist loadfile', INTEGRATION_ARGS= runs serially), SANITY_ARGS (e.g.
# SANITY_ARGS='--test pylint'), LINT_PATHS (roles playbooks galaxy.yml meta).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

ROOT := $(CURDIR)
PYTHON ?= python3
VENV := $(ROOT)/.venv
VENV_STAMP := $(VENV)/.installed
BUILD := $(ROOT)/build
COLLECTIONS := $(BUILD)/collections
COLLECTION := $(COLLECTIONS)/ansible_collections/mobotix/move_nvr
REPORTS := $(BUILD)/reports
ANSIBLE_TEST_PYTHON ?= 3.11

UNITS_ARGS ?=
# The integration tests are CPU-bound ansible-playbook runs; two xdist workers
# (one per core; each worker starts its own emulated fleet on free ports) and
# whole files per worker, so tests of one file keep their order.
INTEGRATION_ARGS ?= -n 2 --dist loadfile
SANITY_ARGS ?=
LINT_PATHS ?= roles playbooks galaxy.yml meta

# Every tool comes from .venv; Ansible finds this collection in the copy and
# keeps its state under build/ instead of the home folder.
export PATH := $(VENV)/bin:$(PATH)
export VIRTUAL_ENV := $(VENV)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_HOME := $(BUILD)/ansible-home
export ANSIBLE_LOCAL_TEMP := $(BUILD)/ansible-home/tmp
export ANSIBLE_REMOTE_TEMP := $(BUILD)/ansible-home/remote-tmp
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv collection build units integration sanity lint test demo bench clean distclean

help:
	@sed -n '3,13p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------- environment

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt tests/requirements.txt
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || tests/ci/venv-fallback.sh "$(PYTHON)" "$(VENV)"
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r tests/requirements.txt -r requirements.txt
	@touch $@

# The copy is refreshed on every call (tests/ci/sync_collection.py: about a tenth of a second).
collection:
	@tests/ci/sync-collection.sh "$(ROOT)" "$(COLLECTION)"
	@echo "collection: $(COLLECTION)"

build: venv collection
	@mkdir -p $(BUILD)/dist
	ansible-galaxy collection build --force --output-path $(BUILD)/dist $(COLLECTION)

# ---------------------------------------------------------------------- tests

units: venv collection
	@mkdir -p $(REPORTS) $(BUILD)/pytest; rm -f $(REPORTS)/units.xml
	@if [ ! -d $(COLLECTION)/tests/unit ]; then echo "units: SKIPPED, tests/unit does not exist yet"; exit 0; fi; \
	cd $(COLLECTION) && PYTHONPATH=$(COLLECTIONS) python -m pytest -p no:cacheprovider \
		--basetemp=$(BUILD)/pytest/units --junitxml=$(REPORTS)/units.xml $(UNITS_ARGS) $(if $(filter tests/%,$(UNITS_ARGS)),,tests/unit)

integration: venv collection
	@mkdir -p $(REPORTS) $(BUILD)/pytest $(ANSIBLE_LOCAL_TEMP) $(ANSIBLE_REMOTE_TEMP); rm -f $(REPORTS)/integration.xml
	@if [ ! -d $(COLLECTION)/tests/integration ]; then echo "integration: SKIPPED, tests/integration does not exist yet"; exit 0; fi; \
	cd $(COLLECTION) && PYTHONPATH=$(COLLECTIONS) python -m pytest -p no:cacheprovider \
		--basetemp=$(BUILD)/pytest/integration --junitxml=$(REPORTS)/integration.xml $(INTEGRATION_ARGS) $(if $(filter tests/%,$(INTEGRATION_ARGS)),,tests/integration)

# ansible-test bootstraps pip in its virtual environments with a script it
# downloads from the internet; tests/ci/get_pip.py stands in for it offline.
# ANSIBLE_TEST_CONTENT_ROOT stops ansible-test from walking up to this repo's
# .git (it would then list the files of the copy with git, which ignores build/).
sanity: venv collection
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "sanity: tests/sanity/ignore-*.txt is not allowed in this collection; fix the code instead" >&2; exit 1; fi
	@tests/ci/install-get-pip.sh $(VENV)/bin/python
	cd $(COLLECTION) && ANSIBLE_TEST_CONTENT_ROOT=$(COLLECTION) \
		ansible-test sanity --venv --python $(ANSIBLE_TEST_PYTHON) $(SANITY_ARGS)

lint: venv collection
	@cd $(COLLECTION); \
	paths=""; for p in $(LINT_PATHS); do if [ -e "$$p" ]; then paths="$$paths $$p"; fi; done; \
	if [ -n "$$paths" ]; then \
		echo "ansible-lint --profile production$$paths"; \
		ansible-lint --profile production $$([ -t 1 ] || echo --nocolor) $$paths; \
	else \
		echo "ansible-lint: SKIPPED, none of $(LINT_PATHS) exists yet"; \
	fi
	cd $(COLLECTION) && antsibull-changelog lint
	cd $(COLLECTION) && antsibull-docs lint-collection-docs --plugin-docs .

test:
	@MAKE="$(MAKE)" tests/ci/run-steps.sh '!venv' '!collection' build units integration sanity lint

# ----------------------------------------------------------------- demo/bench

demo: venv collection
	@if [ -x tests/ci/demo.sh ]; then tests/ci/demo.sh; \
	else echo "make demo: not yet (tests/ci/demo.sh does not exist)" >&2; exit 1; fi

bench: venv collection
	@if [ -x tests/bench/run.sh ]; then tests/bench/run.sh; \
	else echo "make bench: not yet (tests/bench/run.sh does not exist)" >&2; exit 1; fi

# ---------------------------------------------------------------------- clean

clean:
	rm -rf $(BUILD) tests/output .pytest_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
