# Makefile for mandate. Two commands matter:
#   make run    install missing Debian packages, build, create demo.db, serve
#   make test   install, build (plain and with ASan+UBSan), run every test
# Everything else (bench, fuzz, clean) is listed by `make help`.

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libsodium jansson libcurl gmime-3.0
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
# libdecaf (ristretto255, points kept decoded; src/crypto/group.c): Debian 12
# ships no pkg-config file for it.
CFLAGS  += -I/usr/include/decaf
LDLIBS  += -ldecaf
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
HDR      := $(wildcard src/*.h src/*/*.h tests/unit/*.h)

DB      ?= demo.db
MEMBERS ?= 20000
LISTEN  ?= 127.0.0.1:8080

.PHONY: all deps run test test-deps bench fuzz clean help check-clang
all: build/mandate

help:
	@echo "make run     build, create $(DB) (MEMBERS=$(MEMBERS)) if missing, serve on $(LISTEN)"
	@echo "make test    build plain and sanitized, run unit, CLI and HTTP tests"
	@echo "make bench   1,000,000-member import, readiness, HTTP latency; ballot verification vs belenios-tool; casting 1,000 ballots/s over HTTP"
	@echo "make fuzz    run each fuzz harness for a short while (clang libFuzzer)"
	@echo "make clean   remove build outputs"

deps:
	@sh scripts/deps.sh build

test-deps:
	@sh scripts/deps.sh test

build/%.o: %.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

build-san/%.o: %.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 $(SAN) -c $< -o $@

# The browser's ballot code (docs/voting.md): web-assets/js/*.js and the
# pinned libsodium-wrappers-sumo build, fetched by `npm ci` (exact versions
# and integrity hashes in web-assets/package-lock.json) and embedded in the
# binary as one generated C file. build/web-js/ holds the files as served.
WEB_JS      := $(sort $(wildcard web-assets/js/*.js))
WEB_OBJ     := build/gen/web_assets.o
WEB_OBJ_SAN := build-san/gen/web_assets.o
web-assets/node_modules/.package-lock.json: web-assets/package-lock.json | deps
	cd web-assets && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@
build/gen/web_assets.c: scripts/embed_web.sh $(WEB_JS) web-assets/node_modules/.package-lock.json
	sh scripts/embed_web.sh $@ build/web-js
$(WEB_OBJ): build/gen/web_assets.c src/web/web_assets.h
	$(CC) $(CFLAGS) -c $< -o $@
$(WEB_OBJ_SAN): build/gen/web_assets.c src/web/web_assets.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O1 $(SAN) -c $< -o $@

build/mandate: $(SRC:%.c=build/%.o) $(WEB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/unit-tests: $(LIB_SRC:%.c=build/%.o) $(TEST_SRC:%.c=build/%.o) $(WEB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build-san/mandate: $(SRC:%.c=build-san/%.o) $(WEB_OBJ_SAN)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

build-san/unit-tests: $(LIB_SRC:%.c=build-san/%.o) $(TEST_SRC:%.c=build-san/%.o) $(WEB_OBJ_SAN)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

run: build/mandate
	@test -f $(DB) || ./build/mandate demo --db $(DB) --members $(MEMBERS) --examples
	./build/mandate serve --db $(DB) --listen $(LISTEN)

# The whole suite; the last line it prints is "N passed, N failed".
test: test-deps check-clang build/mandate build/unit-tests build-san/mandate build-san/unit-tests
	@sh tests/run.sh

# Warning-free under clang too: compile every file, treat warnings as errors.
check-clang: | deps
	@for f in $(SRC) $(TEST_SRC); do \
	  clang $(filter-out -O2 -g,$(CFLAGS)) -Werror -fsyntax-only $$f || exit 1; \
	done; echo "clang -Wall -Wextra: no warnings"

bench: build/mandate
	@sh scripts/deps.sh bench || echo "bench: some packages could not be installed; the parts that need them say they were skipped"
	@sh bench/run.sh
	@sh bench/ballots.sh
	@sh bench/pledges.sh

fuzz: | test-deps
	@sh fuzz/run.sh

clean:
	rm -rf build build-san
