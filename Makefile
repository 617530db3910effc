# Thin wrapper: install what is missing, configure, build, then run the app or the tests.
BUILDDIR ?= build
MESON_OPTS ?=
ifeq ($(CI),true)
MESON_OPTS += -Dwerror=true
endif

.PHONY: all deps test-deps build run headless test fuzz-brief fresh-check bench soak fuzz sanitize clean

all: build

deps:
	@sh tools/install-deps.sh

test-deps:
	@sh tools/install-deps.sh --test

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(BUILDDIR)/src/doubletime

headless: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(BUILDDIR)/src/doubletime --headless

# Every suite of the main build, then each libFuzzer target for a few seconds (clang build).
test: test-deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)
	meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 --no-suite bench; \
	  status=$$?; \
	  $(MAKE) --no-print-directory fuzz-brief || status=1; \
	  sh tools/test-summary.sh $(BUILDDIR) $(BUILDDIR)-fuzz; exit $$status

# The README's two commands on a clean Debian 12 root (mmdebstrap), in a clean clone of the
# commit checked out (what is committed, not the work tree).
fresh-check: test-deps
	sh tools/fresh-check.sh

FUZZ_TARGETS = $(shell sed -n "s/.*'name': '\([a-z-]*\)'.*/fuzz-\1/p" tests/fuzz/meson.build)

fuzz-brief:
	test -f $(BUILDDIR)-fuzz/build.ninja || CC=clang CXX=clang++ meson setup $(BUILDDIR)-fuzz -Dfuzzing=true -De2e=false
	meson compile -C $(BUILDDIR)-fuzz $(FUZZ_TARGETS)
	DT_FUZZ_SECONDS=$${DT_FUZZ_SECONDS:-5} meson test -C $(BUILDDIR)-fuzz --no-rebuild --suite fuzz --print-errorlogs

bench: test-deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)
	/usr/bin/python3 tests/bench/run-bench.py --build $(abspath $(BUILDDIR))
	/usr/bin/python3 tests/soak/soak.py --build $(abspath $(BUILDDIR))
	/usr/bin/python3 tests/bench/window-probe.py --build $(abspath $(BUILDDIR))

soak: test-deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)
	/usr/bin/python3 tests/soak/soak.py --build $(abspath $(BUILDDIR))

fuzz: test-deps
	test -f $(BUILDDIR)-fuzz/build.ninja || CC=clang CXX=clang++ meson setup $(BUILDDIR)-fuzz -Dfuzzing=true
	meson compile -C $(BUILDDIR)-fuzz
	DT_FUZZ_SECONDS=$${DT_FUZZ_SECONDS:-20} meson test -C $(BUILDDIR)-fuzz --suite fuzz --verbose --timeout-multiplier 100

sanitize: test-deps
	test -f $(BUILDDIR)-asan/build.ninja || CC=clang CXX=clang++ meson setup $(BUILDDIR)-asan -Db_sanitize=address,undefined -Db_lundef=false
	meson compile -C $(BUILDDIR)-asan
	meson test -C $(BUILDDIR)-asan --print-errorlogs --num-processes 2 --no-suite bench --timeout-multiplier 4

clean:
	rm -rf --one-file-system $(BUILDDIR) $(BUILDDIR)-fuzz $(BUILDDIR)-asan build-fresh
