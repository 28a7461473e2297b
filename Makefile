# Pantau — build, test, run, benchmark, fuzz. Every target installs what it needs (Debian packages
# through apt-get when root and missing), so a fresh machine needs nothing but this file.
SWIFT      ?= swift
PREFIX     ?= /usr/local
BUILD_DIR  ?= .build
FUZZ_SECONDS ?= 600
APT_GET    := DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: all build release release-static run test soak deps test-deps bench-deps bench bench-core bench-http bench-hostile bench-live fuzz screenshots check-config clean install uninstall deb

all: build

# --- dependencies -----------------------------------------------------------------------------
# pkg → command or file that shows it is installed
define need_pkg
	@if ! $(2) >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing $(1)"; \
	        ( [ -n "$$(find /var/lib/apt/lists -name '*Packages*' -newermt '-7 days' 2>/dev/null | head -1)" ] || $(APT_GET) update -qq ) && \
	        $(APT_GET) install -y -qq $(1) >/dev/null; \
	    else \
	        echo "missing $(1): install it (apt-get install $(1)) or run make as root"; exit 1; \
	    fi; \
	fi
endef

deps:
	$(call need_pkg,pkg-config,which pkg-config)
	$(call need_pkg,libsystemd-dev,pkg-config --exists libsystemd)
	$(call need_pkg,curl,which curl)

test-deps: deps
	$(call need_pkg,prometheus,which promtool)
	$(call need_pkg,python3-prometheus-client,python3 -c 'import prometheus_client')
	$(call need_pkg,chromium,which chromium)
	$(call need_pkg,fonts-dejavu-core,test -d /usr/share/fonts/truetype/dejavu)
	$(call need_pkg,nginx-light,test -x /usr/sbin/nginx)
	$(call need_pkg,nghttp2-client,which nghttp)

bench-deps: deps
	$(call need_pkg,mtail,which mtail)
	$(call need_pkg,hyperfine,which hyperfine)
	$(call need_pkg,wrk,which wrk)
	$(call need_pkg,nginx-light,test -x /usr/sbin/nginx)
	$(call need_pkg,python3,which python3)

# --- build ------------------------------------------------------------------------------------
build: deps
	$(SWIFT) build --build-path $(BUILD_DIR)

release: deps
	$(SWIFT) build -c release --build-path $(BUILD_DIR)

# --- run: the daemon on Config/pantau.conf with a local spool and state, fed by the simulator ------
run: build
	PANTAU_BIN=$(BUILD_DIR)/debug/pantau contrib/run-local.sh

# --- test -------------------------------------------------------------------------------------
test: test-deps
	$(SWIFT) build --build-tests --build-path $(BUILD_DIR)
	BUILD_DIR=$(BUILD_DIR) scripts/run-tests.sh

# The randomised end-to-end tests at length: SOAK_SEQUENCES model-based spool sequences with kill -9
# and restarts, each checked against `pantau replay` (make test runs 16), and the crash, start-up
# signal and many-files tests SOAK_SCALE times as long (make test: 1).
SOAK_SEQUENCES ?= 5000
SOAK_SCALE ?= 5
soak: test-deps
	$(SWIFT) build --build-tests --build-path $(BUILD_DIR)
	PANTAU_SPOOL_MODEL_SEQUENCES=$(SOAK_SEQUENCES) PANTAU_TEST_SCALE=$(SOAK_SCALE) BUILD_DIR=$(BUILD_DIR) \
	    scripts/run-tests.sh --filter 'SpoolModelTests|CrashRecoveryTests|ServeHardeningTests'

# The wallboard screenshots in docs/ (headless Chromium against a simulated morning).
screenshots: test-deps
	$(SWIFT) build --build-tests --build-path $(BUILD_DIR)
	PANTAU_SCREENSHOTS=1 BUILD_DIR=$(BUILD_DIR) scripts/run-tests.sh --filter 'WallboardBrowserTests/screenshots'

check-config: build
	$(BUILD_DIR)/debug/pantau check-config --config Config/pantau.conf

# --- benchmarks (figures go to BENCHMARKS.md by hand, with the command) ----------------------------
bench: bench-core bench-http bench-hostile bench-live

bench-core: bench-deps release
	bench/replay-bench.sh
	bench/restore-bench.sh

# The three HTTP benchmarks of issue #4: /metrics against nginx, 10,000 SSE clients, spool to client.
bench-http: bench-deps release
	bench/http-bench.sh
	bench/sse-bench.sh
	bench/spool-latency.sh

# Issue #8: 100,000 spool files (memory, descriptors, idle CPU); breach latency beside a huge file
# and 10,000 idle connections.
bench-hostile: bench-deps release
	bench/spool-files-bench.sh
	bench/hostile-latency.sh

# Issue #13 (docs/scaling.md): live appends to a running serve, at once and at steady rates, and
# serve catching up with a backlog.
bench-live: bench-deps release
	bench/live-ingest.sh .build/release/pantau 200000
	STAMP=file bench/live-ingest.sh .build/release/pantau 50000
	bench/serve-catchup.sh .build/release/pantau 3

# --- fuzzing ----------------------------------------------------------------------------------
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run-fuzz.sh all

clean:
	rm -rf $(BUILD_DIR) fuzz/bin

# --- install: binary, units, configuration (kept if present), spool; docs/operations.md ----------
# PREFIX=/usr puts units in /usr/lib/systemd/system, any other prefix in PREFIX/lib/systemd/system
# (systemd reads /usr/local/lib/systemd/system too). With DESTDIR the tree is staged only: no user,
# no ownership, no systemctl. INSTALL_BIN names a built binary (the default builds a release whose
# Swift runtime is linked in, so the binary needs nothing from the toolchain).
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
UNITDIR    ?= $(PREFIX)/lib/systemd/system
DOCDIR     ?= $(PREFIX)/share/doc/pantau
SYSCONFDIR ?= /etc
SPOOLDIR   ?= /var/spool/pantau
INSTALL_BIN ?= $(BUILD_DIR)/static/release/pantau

release-static: deps
	$(SWIFT) build -c release --static-swift-stdlib --build-path $(BUILD_DIR)/static

install: $(if $(filter command line environment,$(origin INSTALL_BIN)),,release-static)
	install -D -m 0755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/pantau
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/pantau
	sed 's|/usr/bin/pantau|$(BINDIR)/pantau|g; s|/etc/pantau/|$(SYSCONFDIR)/pantau/|g; s|/var/spool/pantau|$(SPOOLDIR)|g' \
	    systemd/pantau.service > $(DESTDIR)$(UNITDIR)/pantau.service
	install -m 0644 systemd/pantau.socket $(DESTDIR)$(UNITDIR)/pantau.socket
	install -m 0644 docs/operations.md docs/configuration.md docs/metrics.md docs/forecasts.md docs/wallboard.md docs/scaling.md README.md $(DESTDIR)$(DOCDIR)/
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/pantau/pantau.conf ]; then \
	    echo "keeping $(DESTDIR)$(SYSCONFDIR)/pantau/pantau.conf; the shipped one is $(DOCDIR)/pantau.conf.dist"; \
	else \
	    sed 's|^Spool=/var/spool/pantau|Spool=$(SPOOLDIR)|' Config/pantau.conf > $(DESTDIR)$(SYSCONFDIR)/pantau/pantau.conf; \
	fi
	sed 's|^Spool=/var/spool/pantau|Spool=$(SPOOLDIR)|' Config/pantau.conf > $(DESTDIR)$(DOCDIR)/pantau.conf.dist
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	    getent group pantau >/dev/null || groupadd --system pantau; \
	    getent passwd pantau >/dev/null || useradd --system --gid pantau --home-dir /var/lib/pantau --no-create-home \
	        --shell /usr/sbin/nologin --comment "Pantau SLA monitor" pantau; \
	    install -d -m 2770 -o pantau -g pantau $(SPOOLDIR); \
	    if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	    echo "installed; start with: systemctl enable --now pantau (producers write $(SPOOLDIR) as group pantau)"; \
	else \
	    install -d -m 2770 $(DESTDIR)$(SPOOLDIR); \
	fi

# Keeps the configuration, the spool, the state and the user: `make purge` after it removes them.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl disable --now pantau.socket pantau.service 2>/dev/null || true; fi
	rm -f $(DESTDIR)$(BINDIR)/pantau $(DESTDIR)$(UNITDIR)/pantau.service $(DESTDIR)$(UNITDIR)/pantau.socket
	rm -rf $(DESTDIR)$(DOCDIR)
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "kept $(SYSCONFDIR)/pantau, $(SPOOLDIR), /var/lib/pantau and the user pantau"

# --- deb: a Debian package built with dpkg-deb alone (contrib/debian/) --------------------------
DEB_BIN ?= $(BUILD_DIR)/static/release/pantau
deb: $(if $(filter command line environment,$(origin DEB_BIN)),,release-static)
	contrib/debian/build-deb.sh $(DEB_BIN) $(BUILD_DIR)/deb
