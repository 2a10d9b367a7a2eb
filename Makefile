# dns4eu — the front door. `make run` and `make test` do all set-up on a fresh
# Debian 12 machine. See README.md.

SHELL := /bin/bash
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 30
CONFIG ?= etc/dns4eud.yaml

# Every Debian package the project needs to build, test and benchmark.
DEPS := cmake ninja-build g++ make pkg-config python3 \
  clang-14 libclang-rt-14-dev libbpf-dev libxdp-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  libasio-dev libyaml-cpp-dev libssl-dev libabsl-dev libexpected-dev libjemalloc-dev \
  nlohmann-json3-dev libidn2-dev libxxhash-dev libspdlog-dev libfmt-dev libcli11-dev \
  libhttp-parser-dev libcurl4-openssl-dev libfstrm-dev libprotobuf-c-dev protobuf-c-compiler \
  libmaxminddb-dev libmaxmind-db-writer-perl \
  knot knot-dnsutils knot-dnssecutils nsd ldnsutils bind9-dnsutils bind9-utils dns-root-data \
  unbound knot-resolver pdns-recursor dnsperf prometheus dnstap-ldns \
  libgnutls28-dev gnutls-bin libnghttp2-dev libngtcp2-dev libngtcp2-crypto-gnutls-dev curl haproxy \
  chromium libnss3-tools \
  iproute2 util-linux procps

.PHONY: all deps build build-asan build-fuzz test test-unit test-asan test-fuzz run bench clean

all: build

# Idempotent: installs only what is missing; never lets package services start.
deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null; $$SUDO chmod +x /usr/sbin/policy-rc.d; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all packages present"; fi

build: deps
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
	ninja -C build -j$(JOBS)

build-asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDNS4EU_SANITIZE=ON -DDNS4EU_BENCH=OFF
	ninja -C build-asan -j$(JOBS)

build-fuzz: deps
	CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDNS4EU_FUZZ=ON
	ninja -C build-fuzz -j$(JOBS)

test-unit: build
	cd build && ctest --output-on-failure -j$(JOBS)

test-asan: build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS)

test-fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-all.sh build-fuzz

test: deps
	$(MAKE) test-unit
	$(MAKE) test-asan
	$(MAKE) test-fuzz

run: build
	./build/dns4eud --config $(CONFIG)

bench: build
	bench/run.sh

clean:
	rm -rf build build-asan build-fuzz
