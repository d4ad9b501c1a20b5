# Two commands on a fresh machine (Python 3.10+ and make):
#   make lab    set everything up and open the course in JupyterLab
#   make test   set everything up and run the whole test suite
# Both create .venv when it is missing and do nothing more when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)

RUN_STAMP  := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test
SYS_STAMP  := $(VENV)/.stamp-system
LOCK       := requirements/constraints.txt

LAB_PORT ?= 8888
LAB_ARGS ?=
WORKSPACE ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Two workers by default (the suite is mostly waiting on kernels):
# each file on one worker (tests/conftest.py), the round trip split by assignment.
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: lab test test-fast setup setup-test system-deps notebooks release lock bench clean-venv help

help:
	@echo "make lab         set up and open the course in JupyterLab"
	@echo "make test        set up and run every test (what CI runs)"
	@echo "make test-fast   the fast loop: every test not marked slow (under a minute)"
	@echo "make notebooks   rebuild source/ and notebooks/ from authoring/ (FORCE=1: overwrite hand edits)"
	@echo "make release     regenerate release/ from source/"
	@echo "make bench       run the benchmarks (not part of the tests)"
	@echo "make lock        re-resolve requirements/constraints.txt"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24.1"

$(RUN_STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --constraint $(LOCK) --editable .
	@# module 3's PostgreSQL template data folder, where a sandboxed grading kernel can read it
	$(BIN)/python -m autograder.schema prepare --installation
	@touch $@

$(TEST_STAMP): $(RUN_STAMP) pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --constraint $(LOCK) --editable '.[test]'
	@touch $@

$(SYS_STAMP): scripts/install-system-deps | $(BIN)/python
	sh scripts/install-system-deps
	@touch $@

setup: $(RUN_STAMP)
setup-test: $(TEST_STAMP)
system-deps: $(SYS_STAMP)

lab: setup
	$(BIN)/autograder workspace $(if $(WORKSPACE),--dest $(WORKSPACE),)
	$(BIN)/jupyter lab --ip 127.0.0.1 --port $(LAB_PORT) $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb $(LAB_ARGS)

test: setup-test system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# No kernels, nbgrader, servers or subprocesses: the loop to run while editing.
test-fast: setup-test
	$(BIN)/python -m pytest -m "not slow" -q

# Refuses to overwrite notebooks with uncommitted edits; FORCE=1 overwrites them.
notebooks: setup
	$(BIN)/python authoring/build_all.py $(if $(FORCE),--force,)

release: setup
	$(BIN)/autograder release

bench: setup-test
	$(BIN)/python benchmarks/run_all.py

# Re-resolve the exact versions every learner, instructor and CI run gets.
lock: $(BIN)/python
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24.1"
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude sysdesign-interview-course --exclude pip > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

clean-venv:
	rm -rf $(VENV)
