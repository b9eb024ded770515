# 护薪: `make run` starts the whole product, `make test` runs every test. Both set up what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY311 ?= python3.11
# Rasa 3.6 needs Python 3.10: take python3.10 from PATH, else from pyenv's versions folder.
PY310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; done)

APP := .venv/.installed
RASA := .venv-rasa/.installed
MODEL := models/.trained
# What the model is trained from: not the run-time settings (endpoints, credentials), which need no retraining.
RASA_SOURCES := config.yml $(shell find nlu \( -name '*.yml' -o -name '*.txt' \) ! -name 'endpoints*.yml' ! -name 'credentials.yml' 2>/dev/null)
# and the code of our own pipeline components (what they learn is stored in the model)
RASA_SOURCES += $(wildcard nlu/components/*.py nlu/familiar_text.py)

export RASA_TELEMETRY_ENABLED := false
export ACTION_SERVER_URL ?= http://127.0.0.1:5055/webhook
# Rasa keeps conversation state in a SQLite file there (nlu/endpoints.yml).
export HUXIN_DATA_DIR ?= data
export PYTHONDONTWRITEBYTECODE := 1
# `make run` makes a fresh secret per run for whatever is not set (in the environment or .env): the gateway ↔ Rasa
# token and the Rasa ↔ action server header (docs/operations.md "Threat model"). Never written to a file.
SECRET := .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))'

.PHONY: help setup run run-cluster test test-fast system-check validate knowledge train clean

help:
	@echo "make run    — set up what is missing, train if the training data changed, start everything"
	@echo "make run-cluster — the replicated layout on this machine: 2 Rasa + 2 action servers on PostgreSQL + Redis"
	@echo "make test   — set up, train, validate the Rasa data and run all tests"
	@echo "make test-fast — the unit tier only: no Rasa, no browser, no embedding model (about a minute)"

HTMX := console/web/static/vendor/htmx.min.js

setup: $(APP) $(RASA) $(HTMX) knowledge

$(APP): requirements/app.txt pyproject.toml
	@command -v $(PY311) >/dev/null || { echo "Python 3.11 is needed ($(PY311) not found)."; exit 1; }
	$(PY311) -m venv .venv
	# torch first and exactly this version: pip takes the local CPU wheel; anything else pulls a multi-GB CUDA build.
	.venv/bin/pip install -q torch==2.13.0
	.venv/bin/pip install -q -r requirements/app.txt
	.venv/bin/pip install -q --no-deps -e .
	touch $@

$(RASA): requirements/rasa.txt
	@if [ -z "$(PY310)" ]; then \
	  echo "Rasa 3.6 needs Python 3.10 and none was found."; \
	  echo "Install it with 'pyenv install 3.10' (then it is found under ~/.pyenv/versions) or your distribution's"; \
	  echo "python3.10 package, or point to it: make PY310=/path/to/python3.10"; exit 1; fi
	$(PY310) -m venv .venv-rasa
	.venv-rasa/bin/pip install -q -r requirements/rasa.txt
	touch $@

# Front-end files come from the npm registry at build time, checked against their published integrity hash.
$(HTMX): $(APP)
	.venv/bin/python -m console assets

knowledge: $(APP)
	.venv/bin/python -m knowledge setup

$(MODEL): $(RASA) $(RASA_SOURCES)
	nice -n 5 .venv-rasa/bin/rasa train --config config.yml --domain nlu/domain --data nlu/data --out models --fixed-model-name huxin
	touch $@

train: $(MODEL)

validate: $(RASA)
	.venv-rasa/bin/rasa data validate --config config.yml --domain nlu/domain --data nlu/data --fail-on-warnings

run: setup $(MODEL)
	@echo "Web chat:  http://$${HUXIN_BIND_HOST:-127.0.0.1}:$${HUXIN_WEB_PORT:-8000}/"
	@echo "Rasa:      http://$${HUXIN_BIND_HOST:-127.0.0.1}:$${RASA_PORT:-5005}/   Action server: $(ACTION_SERVER_URL)"
	@export RASA_AUTH_TOKEN="$${RASA_AUTH_TOKEN:-$$($(SECRET))}" ACTION_SERVER_TOKEN="$${ACTION_SERVER_TOKEN:-$$($(SECRET))}"; \
	if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then \
	  echo "Telegram:  on"; .venv/bin/honcho start; \
	else \
	  echo "Telegram:  off (set TELEGRAM_BOT_TOKEN to switch it on)"; .venv/bin/honcho start rasa actions web; fi

# The browser tests drive Debian's chromium and read Chinese text off the page: say so before an hour of tests, with
# the one command that installs what is missing (.ci/run runs it).
system-check:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then echo "The browser tests need:$$missing. Install with:"; \
	  echo "  sudo apt-get install -y$$missing"; exit 1; fi

# The replicated layout on one machine (docs/deploy.md): PostgreSQL 15 and redis-server (Debian packages) started under
# $(HUXIN_DATA_DIR)/cluster unless DATABASE_URL / REDIS_HOST point at running ones, two Rasa replicas sharing them,
# one action server per replica, the web process (and Telegram) spreading chats over both replicas.
CLUSTER_PG_PORT ?= 5433
CLUSTER_REDIS_PORT ?= 6380
run-cluster: setup $(MODEL)
	@command -v redis-server >/dev/null && [ -x /usr/lib/postgresql/15/bin/postgres ] || [ -n "$$DATABASE_URL" ] || \
	  { echo "Needs PostgreSQL 15 and redis-server: apt-get install postgresql redis-server (docs/deploy.md)"; exit 1; }
	@echo "Web chat:  http://$${HUXIN_BIND_HOST:-127.0.0.1}:$${HUXIN_WEB_PORT:-8000}/"
	@echo "Rasa:      replicas on ports $${RASA_PORT_1:-5005} and $${RASA_PORT_2:-5006}; action servers on $${ACTION_PORT_1:-5055} and $${ACTION_PORT_2:-5056}"
	@export RASA_AUTH_TOKEN="$${RASA_AUTH_TOKEN:-$$($(SECRET))}" ACTION_SERVER_TOKEN="$${ACTION_SERVER_TOKEN:-$$($(SECRET))}"; \
	procs="rasa1 rasa2 actions1 actions2 web"; \
	if [ -z "$$DATABASE_URL" ]; then procs="postgres $$procs"; \
	  export DATABASE_URL="postgresql://huxin:$$($(SECRET))@127.0.0.1:$(CLUSTER_PG_PORT)/huxin_rasa"; fi; \
	if [ -z "$$REDIS_HOST" ]; then procs="redis $$procs"; \
	  export REDIS_HOST=127.0.0.1 REDIS_PORT=$(CLUSTER_REDIS_PORT) REDIS_PASSWORD="$$($(SECRET))"; fi; \
	if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then procs="$$procs telegram"; fi; \
	echo "Processes: $$procs"; \
	.venv/bin/honcho -f Procfile.cluster start $$procs

test: system-check setup $(MODEL)
	.venv-rasa/bin/rasa data validate --config config.yml --domain nlu/domain --data nlu/data
	.venv-rasa/bin/rasa test core --model models --stories nlu/tests --fail-on-prediction-errors --out results/core
	.venv/bin/python -m pytest

# The unit tier: tests/conftest.py marks what needs Rasa, a browser or the embedding model as slow. The model path
# points nowhere, so a test that loads the model without being marked fails here instead of slowing the tier down.
test-fast: $(APP)
	HUXIN_EMBED_MODEL=/nonexistent/test-fast-has-no-embedding-model .venv/bin/python -m pytest -m "not slow" -q

clean:
	rm -rf models .rasa results test-artifacts
