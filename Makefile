# leadkit - see README.md.  `make demo` and `make check` set up everything.
.SUFFIXES:

VERSION     = 0.1.0
PREFIX      = /usr/local
BINDIR      = $(PREFIX)/bin
DATADIR     = $(PREFIX)/share
SHAREDIR    = $(DATADIR)/leadkit
MANDIR      = $(DATADIR)/man
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  = $(DATADIR)/zsh/vendor-completions

ifeq ($(origin CC),default)
CC          = cc
endif
PKGS        = jansson libutf8proc libidn2 nettle libpcre2-8 sqlite3
ifeq ($(SANITIZE),1)
OPT         = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all
B           = build-san
else
OPT         = -O2
B           = build
endif
CFLAGS      = -std=c11 -Wall -Wextra -Werror $(OPT) -g -D_GNU_SOURCE \
              -DLEADKIT_VERSION='"$(VERSION)"' -DLEADKIT_SHAREDIR='"$(SHAREDIR)"'
# recursive (=): evaluated when a recipe runs, after `deps` installed them
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS))
LDLIBS      = $(shell pkg-config --libs $(PKGS)) -lcsv -lm -pthread

LIB_SRC     = $(sort $(wildcard lib/*/*.c))
LIB_OBJ     = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
CMD_SRC     = $(sort $(wildcard cmd/lead.c cmd/lead-*.c))
PROGS       = $(CMD_SRC:cmd/%.c=$(B)/bin/%)
UNIT_SRC    = $(sort $(wildcard tests/unit/test_*.c))
UNITS       = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MANS        = $(wildcard man/*.1 man/*.5 man/*.7)
# fuzz targets (tests/fuzz/fuzz_<surface>.c): libFuzzer under `make fuzz`;
# under `make check`, built with $(CC) and driver.c to replay their corpora
FUZZ_SRC    = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  = $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAYS     = $(FUZZ_NAMES:%=$(B)/fuzz/%)

# Debian packages the build, the tests and the demo need.
DEBS        = gcc make libc6-dev pkg-config libcsv-dev libjansson-dev \
              libutf8proc-dev libidn2-dev nettle-dev libpcre2-dev \
              libsqlite3-dev sqlite3 libcmocka-dev python3 bats bats-support bats-assert jq \
              mandoc shellcheck valgrind strace bc chromium fonts-dejavu-core
SUDO        = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

all: $(PROGS)

$(B)/lib/%.o: lib/%.c lib/*/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -c -o $@ $<

$(B)/libleadkit.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

# $(B)/share points at share/, so programs run from $(B)/bin find their data
$(B)/bin/%: cmd/%.c $(B)/libleadkit.a lib/*/*.h
	@mkdir -p $(@D)
	@ln -sfn ../share $(B)/share
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -o $@ $< $(B)/libleadkit.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libleadkit.a lib/*/*.h tests/unit/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -Itests/unit -o $@ $< $(B)/libleadkit.a \
	    $(LDLIBS) -lcmocka

# a target's replay: its code with driver.c as main; exit() from the code
# under test comes back to the target (tests/fuzz/fuzz.h)
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c tests/fuzz/fuzz.h \
    $(B)/libleadkit.a lib/*/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -Itests/fuzz -o $@ $< \
	    tests/fuzz/driver.c $(B)/libleadkit.a $(LDLIBS) -Wl,--wrap=exit

# deps: install the Debian packages that are missing (apt-get; sudo when
# not root).  Nothing is downloaded from anywhere else.
deps:
	@missing=$$(for p in $(DEBS) $(MOREDEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "make: installing missing packages:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	        --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# demo: the pipeline, as far as it exists, on the bundled samples.
demo: deps
	@$(MAKE) --no-print-directory all
	@B=$(B) sh share/leadkit/examples/demo.sh

# check: everything CI runs; ends with "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(UNITS) $(REPLAYS)
	@LEADKIT_BIN=$(CURDIR)/$(B)/bin LEADKIT_UNIT="$(UNITS)" \
	    LEADKIT_FUZZ="$(REPLAYS)" LEADKIT_SANITIZE=$(SANITIZE) sh tests/run

# fuzz: every target under libFuzzer, with ASan and UBSan, FUZZ_SECONDS
# each (FUZZ=name: that one only).  What it finds new goes to
# build-fuzz/corpus/<target>/, never into the tree; a crash is written to
# build-fuzz/crash/<target>-*: fix it, then copy it into
# tests/fuzz/corpus/<target>/ as a regression case.  Needs clang.
FUZZ_SECONDS = 60
FUZZ_CC     = clang
FUZZ_OPT    = -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_RUN    = $(if $(FUZZ),$(FUZZ:%=fuzz_%),$(FUZZ_NAMES))
fuzz:
	@$(MAKE) --no-print-directory deps MOREDEBS="clang libclang-rt-dev"
	@$(MAKE) --no-print-directory B=build-fuzz CC=$(FUZZ_CC) \
	    OPT="$(FUZZ_OPT)" $(FUZZ_RUN:%=build-fuzz/fuzz-bin/%)
	@mkdir -p build-fuzz/crash
	@failed=; for t in $(FUZZ_RUN); do \
	    echo "make: fuzzing $$t for $(FUZZ_SECONDS)s"; \
	    mkdir -p build-fuzz/corpus/$$t && \
	    cp tests/fuzz/corpus/$$t/* build-fuzz/corpus/$$t/ && \
	    ASAN_OPTIONS=detect_leaks=0 build-fuzz/fuzz-bin/$$t \
	        -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=2 \
	        -print_final_stats=1 -artifact_prefix=build-fuzz/crash/$$t- \
	        build-fuzz/corpus/$$t || failed="$$failed $$t"; \
	done; \
	[ -z "$$failed" ] || { echo "make: found crashes:$$failed" \
	    "(inputs in build-fuzz/crash/)"; exit 1; }

build-fuzz/fuzz-bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h \
    build-fuzz/libleadkit.a lib/*/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Ilib -Itests/fuzz \
	    -o $@ $< build-fuzz/libleadkit.a $(LDLIBS) -Wl,--wrap=exit

unit: $(UNITS)
	@for t in $(UNITS); do CMOCKA_MESSAGE_OUTPUT=TAP $$t || exit 1; done

lint:
	mandoc -T lint -W warning $(MANS)
	shellcheck -s bash completions/lead.bash
	shellcheck -s sh tests/run tests/layers.sh share/leadkit/examples/demo.sh .ci/run \
	    bench/run
	sh tests/layers.sh lib

# bench: bench/run, with its helper list-probe (built here only: it is no
# program of the kit).  N, DNC_N, RUNS, ONLY: see bench/run.
bench: deps
	@$(MAKE) --no-print-directory all $(B)/bench/list-probe
	@B=$(B) sh bench/run

$(B)/bench/list-probe: bench/list-probe.c $(B)/libleadkit.a lib/*/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -o $@ $< $(B)/libleadkit.a $(LDLIBS)

SHARESUBDIRS = examples scoring definitions match scrub routing profiles

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	for d in . $(SHARESUBDIRS); do mkdir -p $(DESTDIR)$(SHAREDIR)/$$d && \
	    cp share/leadkit/$$d/*.* $(DESTDIR)$(SHAREDIR)/$$d/ || exit 1; done
	for m in $(MANS); do cp $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/; done
	cp completions/lead.bash $(DESTDIR)$(BASHCOMPDIR)/lead-import
	for p in $(PROGS); do [ "$${p##*/}" = lead-import ] || \
	    ln -sf lead-import $(DESTDIR)$(BASHCOMPDIR)/$${p##*/}; done
	cp completions/_lead $(DESTDIR)$(ZSHCOMPDIR)/_lead

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p##*/} \
	    $(DESTDIR)$(BASHCOMPDIR)/$${p##*/}; done
	for m in $(MANS); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	rm -rf $(DESTDIR)$(SHAREDIR)
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_lead

clean:
	rm -rf build build-san build-fuzz

.PHONY: all deps demo check fuzz unit lint bench install uninstall clean
