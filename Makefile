# The README's two commands: `make run` and `make check`.
BUILD ?= build
ASAN ?= build-asan
FUZZ_SECONDS ?= 5
MESON_SETUP = meson setup --wipe

PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BUILD ?= build-install

.PHONY: all build run check check-fresh format bench clean fuzz install uninstall deb check-clients windows

all: build

# The program needs no test package: the tests are built where cmocka is
# installed (meson's tests=auto), and `make check` turns them on.
$(BUILD)/build.ninja:
	scripts/deps.sh build
	meson setup $(BUILD)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The main job: listening TCP and UDP sockets with their programs.
run: build
	./$(BUILD)/netstat -tulpn

# The Windows build: build-win/netstat.exe, cross-compiled with mingw-w64
# (cross/mingw-w64.ini), the C runtime linked in so the .exe runs alone.
WIN ?= build-win
$(WIN)/build.ninja:
	scripts/deps.sh windows
	meson setup $(WIN) --cross-file cross/mingw-w64.ini -Dtests=disabled

windows: $(WIN)/build.ninja
	ninja -C $(WIN)

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Dtests=enabled -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# Every test, then every test again under ASan+UBSan (the churn test's 200
# runs there 60: the sanitizers need no more, CI its time; netstat.exe's
# Wine test once), then install,
# uninstall, the manual's lint and the package's contents, then each
# fuzzer for FUZZ_SECONDS on its seed corpus.
check:
	scripts/deps.sh test
	$(MAKE) build
	meson configure $(BUILD) -Dtests=enabled
	ninja -C $(BUILD)
	$(MAKE) windows
	$(MAKE) $(ASAN)/build.ninja
	ninja -C $(ASAN)
	scripts/format-check.sh
	meson test -C $(BUILD) --print-errorlogs
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 RUNS=60 \
		meson test -C $(ASAN) --print-errorlogs --no-suite windows
	sh tests/install/install.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh build-fuzz

# The README's two commands on a fresh Debian 12 (a chroot made by
# debootstrap, kept under /tmp; the committed HEAD cloned into it), one
# after the other, as a new user runs them. Needs root.
check-fresh:
	scripts/fresh-machine.sh run check

# Opt-in (big installs: munin, Ansible): programs that parse netstat give
# the same results with ours as with net-tools; and the Debian package,
# installed for real beside net-tools, then removed.
check-clients:
	scripts/deps.sh clients
	$(MAKE) build
	sh tests/clients/package.sh "$$($(MAKE) -s deb | tail -1)"
	sh tests/clients/clients.sh $(BUILD)/netstat

# Every fuzzer for FUZZ_LONG seconds each (default 10 minutes); what they
# find lands in build-fuzz/ (crash-*, with the log).
FUZZ_LONG ?= 600
fuzz:
	scripts/deps.sh test
	FUZZ_SECONDS=$(FUZZ_LONG) tests/fuzz/run.sh build-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# make install [PREFIX=/usr/local] [DESTDIR=]: the program (PREFIX/bin),
# its manual (man8), its bash completion and the JSON schemas (share/doc),
# from a release build of its own. make uninstall removes them again.
install:
	scripts/deps.sh build
	[ -f $(INSTALL_BUILD)/build.ninja ] || \
		meson setup $(INSTALL_BUILD) -Dtests=disabled -Dbuildtype=release --prefix=$(PREFIX)
	meson configure $(INSTALL_BUILD) --prefix=$(PREFIX)
	ninja -C $(INSTALL_BUILD)
	DESTDIR="$(DESTDIR)" meson install -C $(INSTALL_BUILD) --no-rebuild

uninstall:
	[ -f $(INSTALL_BUILD)/build.ninja ] || \
		meson setup $(INSTALL_BUILD) -Dtests=disabled -Dbuildtype=release --prefix=$(PREFIX)
	meson configure $(INSTALL_BUILD) --prefix=$(PREFIX)
	DESTDIR="$(DESTDIR)" scripts/uninstall.sh $(INSTALL_BUILD)

# A Debian package, netstat-ng, beside net-tools (see the README).
deb:
	scripts/deps.sh build
	sh scripts/mkdeb.sh

clean:
	rm -rf $(BUILD) $(ASAN) $(WIN) $(INSTALL_BUILD) build-deb build-fuzz

# ours, ss and net-tools side by side at 10k and 100k sockets (minutes);
# then --explain over 10,000 rules and 1,000 published ports, beside nft.
bench:
	scripts/deps.sh bench
	$(MAKE) build
	sh bench/run.sh
	OURS=$(BUILD)/netstat sh bench/firewall.sh
