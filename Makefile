# DisclosureKit — the two set-up commands:
#   make demo   install what is missing, build, run the main job on Samples/
#   make test   install what is missing (including the cross-tool peers), run every test
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_BUILD := libzip-dev libxml2-dev pkg-config
APT_TEST := libreoffice-calc-nogui gnumeric
PIP_TEST := openpyxl xlsxwriter jsonschema python-calamine
OUT ?= demo-output

.PHONY: demo test build deps test-deps bench clean fuzz fuzz-smoke

# Install Debian packages only when missing (apt-get update once, first).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_BUILD))

test-deps: deps
	$(call apt_install,$(APT_TEST))
	@command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1 || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3 python3-pip; }
	@python3 -c "import openpyxl, xlsxwriter, jsonschema, python_calamine" 2>/dev/null || \
	  python3 -m pip install -q $(PIP_TEST) 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages $(PIP_TEST)

build: deps
	$(SWIFT) build -c release --product disclosure

demo: build
	@bash scripts/demo.sh "$$($(SWIFT) build -c release --show-bin-path)/disclosure" "$(OUT)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	SWIFT=$(SWIFT) bash scripts/fuzz.sh smoke

# libFuzzer targets (README, "Fuzzing"), FUZZ_SECONDS per target, one after another; crashes fail the run.
FUZZ_SECONDS ?= 60
fuzz: deps
	SWIFT=$(SWIFT) bash scripts/fuzz.sh run $(FUZZ_SECONDS)

fuzz-smoke: deps
	SWIFT=$(SWIFT) bash scripts/fuzz.sh smoke

bench: deps test-deps
	$(call apt_install,libxlsxwriter-dev gcc time)
	$(SWIFT) build -c release --product Benchmarks
	"$$($(SWIFT) build -c release --show-bin-path)/Benchmarks"

clean:
	rm -rf .build .build-fuzz $(OUT)
