# kinlink's entry points. Quick start: `make demo`, `make test` (see README.md).
# Every target installs what is missing first (scripts/install-deps.sh), so a fresh Debian 12
# machine needs nothing else.

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DKINLINK_PCH=ON
# The sanitizer tree: -O1 with line tables only, which keeps ASan's reports readable and
# compiles about twice as fast as -O2 -g.
ASAN_OPT_FLAGS ?= -O1 -g1
CTEST_FLAGS ?= --output-on-failure -j $(JOBS) --timeout 900
SOURCES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)

.PHONY: all deps configure build asan test test-release test-asan demo bench format lint clean help

all: build

help:
	@echo "make demo     install, build, run the end-to-end job on the embedded default"
	@echo "make test     install, build (release and ASan+UBSan), run every test"
	@echo "make bench    run the benchmark programs in bench/"
	@echo "make format   apply .clang-format;  make lint: clang-format check + clang-tidy"

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

$(ASAN_DIR)/build.ninja: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(ASAN_OPT_FLAGS)" \
	  -DKINLINK_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null

configure: $(BUILD_DIR)/build.ninja

build: deps $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

asan: deps $(ASAN_DIR)/build.ninja
	@cmake --build $(ASAN_DIR) -j $(JOBS)

test-release: build
	@echo "== tests: release build"
	@ctest --test-dir $(BUILD_DIR) $(CTEST_FLAGS)

# The sanitizer run skips tests labelled `slow` (long statistical runs that ASan makes 5-10x
# slower); they run in the release build above.
test-asan: asan
	@echo "== tests: ASan + UBSan build"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_DIR) $(CTEST_FLAGS) -LE slow

test: test-release test-asan

demo: build
	@scripts/demo.sh $(BUILD_DIR)

bench: build
	@scripts/bench.sh $(BUILD_DIR)

format:
	@clang-format -i $(SOURCES)

lint: configure
	@clang-format --dry-run --Werror $(SOURCES)
	@run-clang-tidy -quiet -p $(BUILD_DIR) '^$(CURDIR)/(src|bench)/' >/dev/null 2>&1 || \
	  clang-tidy -quiet -p $(BUILD_DIR) $(filter src/%.cc,$(SOURCES))

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
