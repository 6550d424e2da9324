# starling — plain Makefile. Overridable: CC CFLAGS LDFLAGS PREFIX DESTDIR.
#
#   make run      set up, build and open the deck
#   make check    set up, build and run every test (unit, ASan+UBSan, TSan, the
#                 store on SQLite and PostgreSQL, tmux, random keys under ASan, man)
#   make bench    print the measured figures recorded in the README
#   make fuzz     run every fuzz target for a bounded time (clang + libFuzzer)
#   make install  PREFIX=/usr/local DESTDIR=

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/starling

CC       ?= cc
BUILD    ?= normal
PKGS      = ncursesw libcurl jansson yaml-0.1 sqlite3 libpq libutf8proc libxml-2.0 libcrypto

WARN      = -Wall -Wextra -W -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
            -Wshadow -Wundef -Wno-unused-parameter
CFLAGS   ?= -O2 -g
ifeq ($(CI),true)
WARN     += -Werror
endif
ifeq ($(BUILD),asan)
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS    = -O1 -g
endif
ifeq ($(BUILD),fuzz)
CC        = clang
SANFLAGS  = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
CFLAGS    = -O1 -g
endif
ifeq ($(BUILD),tsan)
SANFLAGS  = -fsanitize=thread
CFLAGS    = -O1 -g
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
              -DSTARLING_VERSION='"$(VERSION)"' -DSTARLING_DATADIR='"$(DATADIR)"' \
              -Iinclude $(PKG_CFLAGS) $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS        = $(PKG_LIBS) -lpthread -lm

B          = build/$(BUILD)
LIB_SRC    = $(sort $(wildcard src/*/*.c))
LIB_OBJ    = $(LIB_SRC:%.c=$(B)/%.o)
MAIN_OBJ   = $(B)/src/main.o
TEST_SRC   = $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN   = $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_SRC  = $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN  = $(BENCH_SRC:tests/bench/%.c=$(B)/bench/%)
FUZZ_SRC   = $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps run check unit asan tsan tui bluesky random check-layers check-man bench fuzz store pg \
        install uninstall clean

all: starling

# The binary at the top is always the plain build.
ifeq ($(BUILD),normal)
starling: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)
endif

# A variant's own binary (make BUILD=asan build/asan/starling), which the
# random-key run drives.
$(B)/starling: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Tests link against an archive, so a test may stand in for a module it does
# not want (test_cmd records the ui_* calls instead of drawing).
$(B)/libstarling.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/tests/%: tests/unit/%.c $(B)/libstarling.a tests/unit/harness.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libstarling.a $(ALL_LDFLAGS) $(LIBS)

# The store tests' writers (tests/store/*.sh and make bench run them).
$(B)/tests/store_driver: tests/store/store_driver.c $(B)/libstarling.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libstarling.a $(ALL_LDFLAGS) $(LIBS)
$(B)/tests/rules_driver: tests/store/rules_driver.c $(B)/libstarling.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libstarling.a $(ALL_LDFLAGS) $(LIBS)

$(B)/bench/%: tests/bench/%.c $(B)/libstarling.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libstarling.a $(ALL_LDFLAGS) $(LIBS)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# Set-up: installs missing Debian packages as root, or prints the apt-get line.
deps:
	@sh scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory starling
	./starling $(ARGS)

# Unit tests of this build variant; prints one line per test binary.
unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(B)/tests

asan:
	@$(MAKE) --no-print-directory BUILD=asan unit

# The threaded tests under ThreadSanitizer.
TSAN_TESTS = test_ring test_source test_demo test_http test_ratelimit test_storeq \
             test_account test_triage test_exec test_x_session test_fileq \
             test_approval
tsan:
	@$(MAKE) --no-print-directory BUILD=tsan $(TSAN_TESTS:%=build/tsan/tests/%)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
		sh tests/run-unit.sh build/tsan/tests $(TSAN_TESTS)

tui: starling
	@bash tests/tui/run.sh

# ./starling against a real local Bluesky network (tests/bluesky/net.sh:
# @atproto/dev-env from tests/bluesky/package-lock.json, Node 22 from npm,
# installed once into ~/.cache/starling; PostgreSQL from tests/pg/pgtmp.sh),
# everything on 127.0.0.1 and stopped afterwards.
bluesky: starling
	@bash tests/bluesky/run.sh

# A few thousand random keys, commands and resizes over the demo deck, a
# triage store and the fake Mastodon server, under ASan+UBSan: any report, a
# crash or an unclean exit fails (RANDOM_SECONDS, default 40; RANDOM_SEED).
random:
	@$(MAKE) --no-print-directory BUILD=asan build/asan/starling
	@bash tests/tui/random_keys.sh build/asan/starling
	@bash tests/tui/asan_cases.sh build/asan/starling

# Many processes on one store, and kill -9 in the middle of writes; many
# processes applying the same rules to the same inbox posts; and
# `starling report` on a store written as the collector and a team do.
store:
	@sh tests/store/concurrency.sh
	@sh tests/store/crash.sh
	@sh tests/store/rules.sh
	@sh tests/store/report.sh

# The store's unit, concurrency and kill -9 tests again on a throw-away
# PostgreSQL (tests/pg/pgtmp.sh); fails if the server cannot be started.
pg:
	@sh tests/pg/check.sh

check-layers:
	@sh tests/layers-selftest.sh
	@sh scripts/check-layers.sh

check-man:
	@sh scripts/check-man.sh

check: deps
	@$(MAKE) --no-print-directory starling
	@rm -f build/results
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory check-man
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory tsan
	@$(MAKE) --no-print-directory store
	@$(MAKE) --no-print-directory pg
	@$(MAKE) --no-print-directory tui
	@$(MAKE) --no-print-directory bluesky
	@$(MAKE) --no-print-directory random
	@sh tests/summary.sh build/results

bench: deps
	@$(MAKE) --no-print-directory starling $(BENCH_BIN)
	@sh tests/bench/run.sh $(B)

# Every parser's fuzz target, each run for FUZZ_SECONDS (default 30).
FUZZ_SECONDS ?= 30
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=fuzz build/fuzz/libstarling.a
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: starling
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/themes
	install -m 755 starling $(DESTDIR)$(BINDIR)/starling
	install -m 644 man/starling.1 $(DESTDIR)$(MANDIR)/man1/starling.1
	install -m 644 man/starling.5 $(DESTDIR)$(MANDIR)/man5/starling.5
	install -m 644 themes/*.yaml $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/starling $(DESTDIR)$(MANDIR)/man1/starling.1 \
		$(DESTDIR)$(MANDIR)/man5/starling.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build starling
