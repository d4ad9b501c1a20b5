# On a fresh machine (Python 3.11+ and make):
#   make lab         set up and open your workspace (my-work/) in JupyterLab, learner mode
#   make instructor  set up and open the course folder in JupyterLab with all of nbgrader's tools
#   make test        set everything up and run the whole test suite
# Each creates .venv when it is missing and does nothing more when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)

RUN_STAMP  := $(VENV)/.stamp-run
INSTRUCTOR_STAMP := $(VENV)/.stamp-instructor
TEST_STAMP := $(VENV)/.stamp-test
SYS_STAMP  := $(VENV)/.stamp-system
LOCK       := requirements/constraints.txt

LAB_PORT ?= 8888
LAB_ARGS ?=
WORKSPACE ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# pip shows each package it collects and installs (about 120 the first time: a minute or two).
PIP_INSTALL := $(BIN)/python -m pip install --progress-bar off --constraint $(LOCK)
# Two workers by default (the suite is mostly waiting on kernels):
# each file on one worker (tests/conftest.py), the round trip split by assignment.
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: lab instructor test test-fast setup setup-instructor setup-test system-deps notebooks release lock bench clean-venv help

help:
	@echo "make lab         set up and open your workspace (my-work/) in JupyterLab"
	@echo "make instructor  set up and open the course folder with formgrader and all of nbgrader"
	@echo "make test        set up and run every test (what CI runs)"
	@echo "make test-fast   the fast loop: every test not marked slow (under a minute)"
	@echo "make notebooks   rebuild source/ and notebooks/ from authoring/ (FORCE=1: overwrite hand edits)"
	@echo "make release     regenerate release/ from source/"
	@echo "make bench       run the benchmarks (not part of the tests)"
	@echo "make lock        re-resolve requirements/constraints.txt"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (nbgrader 0.9.6 requires it); this is " + sys.version.split()[0] + ". Run make PYTHON=python3.12 (or another 3.11+).")'
	@echo "Creating the course's environment in $(VENV) with $(PYTHON)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24.1"

$(RUN_STAMP): $(BIN)/python pyproject.toml setup.py $(LOCK)
	@echo "Installing the course's pinned packages into $(VENV) (about 120 the first time: a minute or two)..."
	$(PIP_INSTALL) --editable .
	@$(BIN)/python scripts/check-import-name
	@# module 3's PostgreSQL template data folder, where a sandboxed grading kernel can read it
	@echo "Preparing module 3's PostgreSQL template..."
	$(BIN)/python -m autograder.schema prepare --installation
	@# each assignment's template, so that no first `autograder check` waits for nbgrader to make it
	@echo "Preparing the assignment templates autograder check uses (about 20 s)..."
	$(BIN)/autograder check --prepare --course "$(CURDIR)"
	@touch $@

$(INSTRUCTOR_STAMP): $(RUN_STAMP) pyproject.toml setup.py $(LOCK)
	@echo "Installing the instructor extra (Dask, for grading on a cluster)..."
	$(PIP_INSTALL) --editable '.[instructor]'
	@touch $@

$(TEST_STAMP): $(INSTRUCTOR_STAMP) pyproject.toml setup.py $(LOCK)
	@echo "Installing the test tools..."
	$(PIP_INSTALL) --editable '.[instructor,test]'
	@touch $@

$(SYS_STAMP): scripts/install-system-deps | $(BIN)/python
	sh scripts/install-system-deps
	@touch $@

setup: $(RUN_STAMP)
setup-instructor: $(INSTRUCTOR_STAMP)
setup-test: $(TEST_STAMP)
system-deps: $(SYS_STAMP)

# Learner mode: update the workspace (never overwriting your work), serve it and nothing above it,
# open the start page; nbgrader's instructor tools are off (autograder/learner_mode/README.md).
lab: setup
	$(BIN)/autograder lab --port $(LAB_PORT) $(if $(WORKSPACE),--dest "$(WORKSPACE)",) -- $(LAB_ARGS)

# Instructor mode: the course folder (source/, release/, the gradebook) with formgrader,
# Create Assignment and the rest of nbgrader, opening the instructor dashboard.
instructor: setup-instructor
	$(BIN)/jupyter lab --ip 127.0.0.1 --port $(LAB_PORT) $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/instructor-dashboard.ipynb $(LAB_ARGS)

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
	.lock-venv/bin/python -m pip install --quiet '.[instructor,test]'
	.lock-venv/bin/python -m pip freeze --exclude sysdesign-interview-course --exclude pip > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

clean-venv:
	rm -rf $(VENV)
