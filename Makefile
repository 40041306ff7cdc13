# pulumi-scm-integrations — every target installs what it needs.
#   make test   lint, unit, integration (emulators over HTTP) and e2e (real Pulumi CLI) tests
#   make demo   the main job: examples/snyk-github through the real CLI against local emulators
#   make bench  benchmarks at scale (not part of make test)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
STAMP := node_modules/.install-stamp
JEST := scripts/test/run-jest.sh

# Node 24 LTS for every target: the machine's when it is new enough, else the npm registry's Node
# binary package, installed once into the cache beside the Pulumi CLI (scripts/toolchain/ensure-node.sh).
NODE_DIR := $(shell scripts/toolchain/ensure-node.sh)
ifeq ($(NODE_DIR),)
$(error no Node >= 24.9 could be provided: see the [make node] lines above)
endif
export PATH := $(NODE_DIR):$(PATH)

help:
	@echo "make test   run every test (installs Node 24, dependencies and the Pulumi CLI on first use)"
	@echo "make demo   run the demo: a Pulumi program against local emulators with the real CLI"
	@echo "make bench  run the benchmarks"
	@echo "make pulumi build the Pulumi CLI from its Go modules into ~/.cache/pulumi-scm-integrations"

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	node scripts/link-self.js
	@touch $(STAMP)

install: $(STAMP)

build: install
	npx tsc -p tsconfig.json

generate: install
	node --require ts-node/register/transpile-only scripts/schema/generate.ts

check-generated: install
	node --require ts-node/register/transpile-only scripts/schema/generate.ts --check

lint: install
	npx eslint --max-warnings 0 .
	npx prettier --check .

pulumi: install
	@scripts/build-pulumi.sh >/dev/null

test-unit: build
	$(JEST) unit --selectProjects unit

test-integration: install
	$(JEST) integration --selectProjects integration

# The provider process the CLI starts loads the compiled provider (build/), as a user's would.
test-e2e: build pulumi
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" $(JEST) e2e --selectProjects e2e --runInBand

# Unit and integration share one jest run (coverage of plan/ and core/ is measured over both, with the
# floors in jest.config.js); e2e follows. Every suite runs even when one fails, and the last line is
# the totals, so a run that executed nothing fails loudly.
test: install check-generated lint build pulumi
	@rm -rf build/test-results; status=0; \
	$(JEST) fast --selectProjects unit integration --coverage --maxWorkers=2 || status=1; \
	$(MAKE) --no-print-directory test-e2e || status=1; \
	node scripts/test/totals.js fast e2e || status=1; \
	exit $$status

demo: build pulumi
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" node --enable-source-maps build/scripts/demo.js

bench: build
	node --enable-source-maps --expose-gc build/test/bench/run.js

clean:
	rm -rf build .e2e-work

.PHONY: help install build generate check-generated lint pulumi test-unit test-integration test-e2e test demo bench clean
