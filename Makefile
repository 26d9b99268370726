# leadkit - see README.md.  `make demo` and `make check` set up everything.
.SUFFIXES:

VERSION    = 0.1.0
PREFIX     = /usr/local
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share
SHAREDIR   = $(DATADIR)/leadkit
MANDIR     = $(DATADIR)/man
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR = $(DATADIR)/zsh/vendor-completions

ifeq ($(origin CC),default)
CC         = cc
endif
PKGS       = jansson libutf8proc libidn2 nettle
OPT        = -O2
ifeq ($(SANITIZE),1)
OPT        = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
B          = build-san
else
B          = build
endif
CFLAGS     = -std=c11 -Wall -Wextra -Werror $(OPT) -g -D_GNU_SOURCE \
             -DLEADKIT_VERSION='"$(VERSION)"' -DLEADKIT_SHAREDIR='"$(SHAREDIR)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

LIB_SRC    = $(sort $(wildcard lib/*.c))
LIB_OBJ    = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
CMD_SRC    = $(sort $(wildcard cmd/lead-*.c))
PROGS      = $(CMD_SRC:cmd/%.c=$(B)/bin/%)
UNIT_SRC   = $(sort $(wildcard tests/unit/test_*.c))
UNITS      = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

all: $(PROGS)

$(B)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/libleadkit.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/bin/%: cmd/%.c $(B)/libleadkit.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -o $@ $< $(B)/libleadkit.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libleadkit.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ilib -o $@ $< $(B)/libleadkit.a $(LDLIBS) -lcmocka

# unit: the C unit tests (cmocka, TAP output).
unit: $(UNITS)
	@for t in $(UNITS); do LEADKIT_SHARE=$(CURDIR)/share/leadkit \
	    CMOCKA_MESSAGE_OUTPUT=TAP $$t || exit 1; done

.PHONY: all unit
