# dure: one GNU Makefile for the libraries, services, CLI and tests.
#
#   make            build everything into build/
#   make SAN=1      the same with AddressSanitizer + UBSan, into build/san/
#   BUILD_ROOT=DIR  builds into DIR instead of build/ (parallel work trees of the same source)
#   make run        the local stack (scripts/run-stack.sh)
#   make test       unit and integration tests, plain and under sanitizers (scripts/test.sh)
#   make bench      benchmarks (scripts/bench.sh)
#   make soak       10 minutes of steady load, RSS of every service sampled (scripts/soak.sh)
#   make faults     the fault suite: kills, restarts, outages under load (scripts/faults.sh)
#   make fuzz       libFuzzer targets under tests/fuzz (scripts/fuzz.sh)

SERVICES := catalog order logistics packaging
PKGS     := libzmq libczmq libprotobuf-c hiredis libpq libmicrohttpd json-c uuid

SAN ?= 0
BUILD_ROOT ?= build
ifeq ($(SAN),1)
  BUILD    := $(BUILD_ROOT)/san
  SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  OPT      := -O1
else
  BUILD    := $(BUILD_ROOT)
  SANFLAGS :=
  OPT      ?= -O2
endif

CC       ?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS := -D_GNU_SOURCE -Icommon -I$(BUILD)/gen -Itests/lib $(PKG_CFLAGS)
CFLAGS   := -std=c11 $(OPT) -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wno-missing-field-initializers $(SANFLAGS) -MMD -MP
LDFLAGS  := $(SANFLAGS)
LDLIBS   := $(PKG_LIBS) -lm -lpthread

# protobuf-c output is generated code: compile it without our stricter warnings.
GEN_CFLAGS := -std=c11 $(OPT) -g $(SANFLAGS) -MMD -MP

PROTOS   := $(wildcard proto/dure/v1/*.proto)
GEN_C    := $(PROTOS:proto/%.proto=$(BUILD)/gen/%.pb-c.c)
GEN_H    := $(GEN_C:.c=.h)
GEN_O    := $(GEN_C:.c=.o)

COMMON_SRC := $(wildcard common/*.c)
COMMON_O   := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
COMMON_LIB := $(BUILD)/lib/libdure.a

BIN := $(BUILD)/bin

# Each service is its folder: main.c makes the binary, everything else a library that the tests
# link too, so domain logic and handlers are tested without the poll loop.
define SERVICE_RULES
$(1)_SRC  := $$(filter-out services/$(1)/main.c,$$(wildcard services/$(1)/*.c))
$(1)_SQL  := $$(sort $$(wildcard services/$(1)/migrations/*.sql))
$(1)_OBJ  := $$($(1)_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/gen/$(1)_migrations.o
$(1)_LIB  := $(BUILD)/lib/libdure_$(1).a
$(BUILD)/gen/$(1)_migrations.c: $$($(1)_SQL) scripts/embed-sql.sh
	@mkdir -p $$(@D)
	scripts/embed-sql.sh $(1) $$($(1)_SQL) > $$@
$$($(1)_LIB): $$($(1)_OBJ)
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
$(BIN)/dure-$(1): $(BUILD)/obj/services/$(1)/main.o $$($(1)_LIB) $(COMMON_LIB)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
SERVICE_LIBS += $$($(1)_LIB)
SERVICE_BINS += $$(if $$(wildcard services/$(1)/main.c),$(BIN)/dure-$(1))
endef
$(foreach s,$(SERVICES),$(eval $(call SERVICE_RULES,$(s))))

# durectl is main.c plus a library of commands, which the tests link too.
DURECTL_SRC := $(filter-out tools/durectl/main.c,$(wildcard tools/durectl/*.c))
DURECTL_O   := $(DURECTL_SRC:%.c=$(BUILD)/obj/%.o)
DURECTL_LIB := $(BUILD)/lib/libdurectl.a

TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_O   := $(TESTLIB_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC    := $(wildcard tests/unit/*.c)
UNIT_O      := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
INTEG_SRC   := $(wildcard tests/integration/*.c)
INTEG_O     := $(INTEG_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_SRC   := $(wildcard tests/bench/*.c)
BENCH_BINS  := $(BENCH_SRC:tests/bench/%.c=$(BIN)/bench-%)

LOADGEN_O := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/loadgen/*.c))

ALL_BINS := $(SERVICE_BINS) $(BIN)/durectl $(BIN)/dure-loadgen $(BIN)/dure-unit $(BIN)/dure-integration

.PHONY: all clean run test bench soak faults fuzz san format lint
# Keep objects of pattern-built binaries (benchmarks) instead of deleting them as intermediates.
.SECONDARY:
.DEFAULT_GOAL := all
all: $(ALL_BINS) $(BENCH_BINS)

$(BUILD)/gen/%.pb-c.c $(BUILD)/gen/%.pb-c.h: proto/%.proto
	@mkdir -p $(BUILD)/gen
	protoc-c --c_out=$(BUILD)/gen -Iproto $<

$(BUILD)/gen/%_migrations.o: $(BUILD)/gen/%_migrations.c
	@echo "  CC  $<"
	@$(CC) $(CPPFLAGS) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/gen/%.pb-c.o: $(BUILD)/gen/%.pb-c.c
	@echo "  CC  $<"
	@$(CC) $(CPPFLAGS) $(GEN_CFLAGS) -c -o $@ $<

# Every object may include generated headers: generate them first.
$(BUILD)/obj/%.o: %.c | $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC  $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(COMMON_LIB): $(COMMON_O) $(GEN_O)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(DURECTL_LIB): $(DURECTL_O)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

# Linked from objects, not the archive: main.c refers to the command groups weakly, and a
# linker never pulls archive members for weak references.
$(BIN)/durectl: $(BUILD)/obj/tools/durectl/main.o $(DURECTL_O) $(SERVICE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/dure-loadgen: $(LOADGEN_O) $(DURECTL_LIB) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/dure-unit: $(UNIT_O) $(TESTLIB_O) $(DURECTL_LIB) $(SERVICE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/dure-integration: $(INTEG_O) $(TESTLIB_O) $(DURECTL_LIB) $(SERVICE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/bench-%: $(BUILD)/obj/tests/bench/%.o $(filter-out %/dure_test_main.o,$(TESTLIB_O)) $(DURECTL_LIB) $(SERVICE_LIBS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

san:
	$(MAKE) SAN=1

run: all
	scripts/run-stack.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

soak:
	scripts/soak.sh

faults:
	scripts/faults.sh

fuzz:
	scripts/fuzz.sh

format:
	clang-format -i common/*.[ch] services/*/*.[ch] tools/durectl/*.[ch] tests/*/*.[ch]

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj $(BUILD)/gen -name '*.d' 2>/dev/null)
