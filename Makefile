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
	@echo "make fault-campaign  the seeded e2e fault campaign with 200 runs (make test runs 20)"
	@echo "make pulumi build the Pulumi CLI from its Go modules into ~/.cache/pulumi-scm-integrations"
	@echo "make plugin build the native provider plugin (build/plugin/bin for PATH) and its tarball"

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	node scripts/link-self.js
	@touch $(STAMP)

install: $(STAMP)

build: install
	npx tsc -p tsconfig.json

generate: install
	node --require ts-node/register/transpile-only scripts/schema/generate.ts
	@scripts/plugin/gen-sdks.sh

# The native provider's SDKs (sdk-gen/, committed), generated from schema.json by Pulumi's generators
# at the CLI's version (make generate runs this too). check-sdks fails when they are stale and
# compiles each where its toolchain exists (scripts/plugin/compile-sdks.sh says which could not be).
sdks: install
	@scripts/plugin/gen-sdks.sh

check-sdks: install
	@scripts/plugin/gen-sdks.sh --check
	@scripts/plugin/compile-sdks.sh

check-generated: install
	node --require ts-node/register/transpile-only scripts/schema/generate.ts --check
	node --require ts-node/register/transpile-only scripts/corpus/generate-check-corpus.ts --check

# The adversarial inputs of check (test/corpus/check-inputs.json), from their generator.
corpus: install
	node --require ts-node/register/transpile-only scripts/corpus/generate-check-corpus.ts

# The API contracts the integration and e2e suites hold every emulator exchange to (test/contracts/),
# derived by scripts/contracts/derive.ts from the vendors' published descriptions (the specs folder
# beside the clone, or CONTRACT_SPECS_DIR) and @octokit/openapi. make test reads only the committed
# contracts; contracts-check says whether they still match a fresh derivation and is not part of
# make test (a clone without the specs has nothing to derive from, and says so).
contracts: install
	node --require ts-node/register/transpile-only scripts/contracts/derive.ts

contracts-check: install
	node --require ts-node/register/transpile-only scripts/contracts/derive.ts --check

# Type-aware lint reads the compiled SDK's declarations: the examples import the package by name,
# which resolves to build/sdk (package.json "types").
# knip (knip.json): files, exports and dependencies nothing uses; an export used only inside its own
# file is not dead (ignoreExportsUsedInFile), so the check names code to delete, not keywords to drop.
lint: build
	npx eslint --max-warnings 0 .
	npx prettier --check .
	npx knip --no-progress

pulumi: install
	@scripts/build-pulumi.sh >/dev/null

# The native provider plugin pulumi-resource-scm-integrations. build/plugin/bin (on PATH) runs this
# clone's build/; the tarball is installed with `pulumi plugin install resource scm-integrations
# <version> --file <tarball>`. Binaries and tarballs stay in build/ (never committed).
plugin-bin: build
	@mkdir -p build/plugin/bin
	@ln -sfn ../../../scripts/plugin/pulumi-resource-scm-integrations build/plugin/bin/pulumi-resource-scm-integrations

plugin: plugin-bin
	@tarball="$$(scripts/plugin/pack.sh)"; \
	echo "plugin: export PATH=$(CURDIR)/build/plugin/bin:\$$PATH"; \
	echo "    or: pulumi plugin install resource scm-integrations $$(node -p "require('./package.json').version") --file $$tarball"

# The YAML language host (the CLI cannot download it here), cached outside the repo like the CLI.
language-yaml:
	@scripts/plugin/build-language-yaml.sh >/dev/null

test-unit: build
	$(JEST) unit --selectProjects unit

test-integration: install
	$(JEST) integration --selectProjects integration

# The provider process the CLI starts loads the compiled provider (build/), as a user's would.
# Two files at a time: each spends most of its time waiting on CLI and provider processes, and every
# stack has its own backend, work folder, PULUMI_HOME and emulators, so they do not share state.
test-e2e: build pulumi plugin-bin language-yaml
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" $(JEST) e2e --selectProjects e2e --maxWorkers=2

# Unit and integration share one jest run (coverage of plan/ and core/ is measured over both, with the
# floors in jest.config.js); e2e follows. Every suite runs even when one fails, and the last line is
# the totals, so a run that executed nothing fails loudly.
test: install check-generated check-sdks lint build pulumi
	@rm -rf build/test-results; status=0; \
	$(JEST) fast --selectProjects unit integration --coverage --maxWorkers=2 || status=1; \
	$(MAKE) --no-print-directory test-e2e || status=1; \
	node scripts/test/totals.js fast e2e || status=1; \
	exit $$status

# The review report's input fixtures (test/unit/report/fixtures), recaptured from the real CLI, and
# its golden reports refreshed from them: review the diff. test/e2e/report-fixtures.test.ts fails
# `make test` when a fresh capture no longer renders the committed golden reports.
report-fixtures: build pulumi
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" node --enable-source-maps build/test/e2e/capture-report-fixtures.js
	UPDATE_GOLDEN=1 $(JEST) report-fixtures --selectProjects unit test/unit/report/golden.test.ts

# `make demo NATIVE=1`: the YAML example on the native provider plugin (builds the plugin and the YAML host).
demo: build pulumi $(if $(NATIVE),plugin-bin language-yaml)
	PULUMI_SCM_DEMO_NATIVE="$(if $(NATIVE),1,)" PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" node --enable-source-maps build/scripts/demo.js

# Apply rows run in real time (minutes); `make bench BENCH=full` adds 10,000 imports and a 100,000
# no-op preview through the real CLI (the CLI rows need the Pulumi CLI, the native plugin's launcher
# and the YAML host: the pulumi, plugin-bin and language-yaml targets).
bench: build pulumi plugin-bin language-yaml
	PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" node --enable-source-maps --expose-gc build/test/bench/run.js

# The seeded fault campaign of test/e2e/fault-campaign.test.ts with more runs than `make test` gives
# it (20); SCM_FAULT_CAMPAIGN_SEED replays another seed, SCM_FAULT_CAMPAIGN_RUNS sets the count.
fault-campaign: build pulumi
	SCM_FAULT_CAMPAIGN_RUNS=$${SCM_FAULT_CAMPAIGN_RUNS:-200} PULUMI_SCM_PULUMI_BIN="$$(scripts/build-pulumi.sh 2>/dev/null | tail -1)" $(JEST) fault-campaign --selectProjects e2e --runInBand test/e2e/fault-campaign.test.ts

clean:
	rm -rf build .e2e-work

.PHONY: help install build generate sdks check-sdks corpus check-generated contracts contracts-check lint pulumi plugin-bin plugin language-yaml test-unit test-integration test-e2e test report-fixtures demo bench fault-campaign clean
