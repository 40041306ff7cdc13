# pulumi-scm-integrations — every target installs what it needs.
#   make test   lint, unit, integration (emulators over HTTP) and e2e (real Pulumi CLI) tests
#   make demo   the main job: examples/snyk-github through the real CLI against local emulators
#   make bench  benchmarks at scale (not part of make test)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
NODE_TEST := node --test --enable-source-maps --test-reporter=spec
STAMP := node_modules/.install-stamp

help:
	@echo "make test   run every test (installs dependencies and builds the Pulumi CLI on first use)"
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
	$(NODE_TEST) build/test/unit

test-integration: build
	$(NODE_TEST) build/test/integration

test-e2e: build pulumi
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" $(NODE_TEST) --test-concurrency=1 build/test/e2e

test: install check-generated lint build pulumi
	$(MAKE) --no-print-directory test-unit test-integration test-e2e

demo: build pulumi
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" node --enable-source-maps build/scripts/demo.js

bench: build
	node --enable-source-maps --expose-gc build/test/bench/run.js

clean:
	rm -rf build .e2e-work

.PHONY: help install build generate check-generated lint pulumi test-unit test-integration test-e2e test demo bench clean
