# The README's two commands: `make run` and `make check`.
BUILD ?= build
ASAN ?= build-asan
FUZZ_SECONDS ?= 5
MESON_SETUP = meson setup --wipe

.PHONY: all build run check format bench clean fuzz

all: build

$(BUILD)/build.ninja:
	scripts/deps.sh build
	meson setup $(BUILD)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The main job: listening TCP and UDP sockets with their programs.
run: build
	./$(BUILD)/netstat -tulpn

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# Every test, then every test again under ASan+UBSan, then each fuzzer
# for FUZZ_SECONDS on its seed corpus.
check:
	scripts/deps.sh test
	$(MAKE) build
	$(MAKE) $(ASAN)/build.ninja
	ninja -C $(ASAN)
	scripts/format-check.sh
	meson test -C $(BUILD) --print-errorlogs
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
		meson test -C $(ASAN) --print-errorlogs
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh build-fuzz

# Every fuzzer for FUZZ_LONG seconds each (default 10 minutes); what they
# find lands in build-fuzz/ (crash-*, with the log).
FUZZ_LONG ?= 600
fuzz:
	scripts/deps.sh test
	FUZZ_SECONDS=$(FUZZ_LONG) tests/fuzz/run.sh build-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz

# ours, ss and net-tools side by side at 10k and 100k sockets (minutes).
bench:
	scripts/deps.sh bench
	$(MAKE) build
	sh bench/run.sh
