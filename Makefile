# peacesim: make run · make test · make test-slurm · make test-browser · make test-explorer · make test-editor · make test-docs · make bench · make build
GO       ?= go
BIN      := bin/peacesim
# The fuzz runs' budgets, in executions rather than seconds (about ten
# seconds each here): a duration-limited fuzz run of Go before 1.27 can fail
# with "context deadline exceeded" as its time runs out, no input at fault
# (go.dev/issue/75804).
FUZZ_LOAD ?= 100000x
FUZZ_READ ?= 5000x
# Trials for the smoke runs of every scenario: enough to exercise every
# package and pathway, few enough to keep `make test` quick.
SMOKE_TRIALS ?= 20000
BENCH_TRIALS ?= 10000000

# The linters, at fixed versions, fetched from the Go module proxy by go run.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOCYCLO     ?= github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0

.PHONY: all build run test test-slurm test-browser test-explorer test-editor test-docs vet fmt-check lint unit fuzz smoke bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/peacesim

# The main job: the embedded default scenario (miami-2025).
run: build
	./$(BIN) run

test: fmt-check vet lint unit fuzz smoke

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck clean; no function over cyclomatic complexity 25 (tests
# aside), and none over 15 in the command line, whose files hold flags,
# help and a call.
lint:
	$(GO) run $(STATICCHECK) ./...
	@out=$$($(GO) run $(GOCYCLO) -over 25 -ignore '_test\.go$$' .); \
	if [ -n "$$out" ]; then echo "functions over cyclomatic complexity 25:"; echo "$$out"; exit 1; fi
	@out=$$($(GO) run $(GOCYCLO) -over 15 -ignore '_test\.go$$' cmd); \
	if [ -n "$$out" ]; then echo "command-line functions over cyclomatic complexity 15:"; echo "$$out"; exit 1; fi

# Every package under the race detector, but for the charts: plot draws
# hundreds of charts in its tests (6 s plain, a minute and a half under
# -race), and so do the command line's chart and report tests. Plot's one
# goroutine, which makes a PNG's canvas while the context is watched, runs
# under -race in its cancellation tests; the command line's own
# concurrency — progress bars, signals, batches, shards, sweeps
# streaming — runs under -race too.
RACE_PLOT := Cancel
RACE_CLI := Progress|Cancel|Interrupt|Batch|Shard|Sweep|Reproducible|Precision|Serve
unit:
	$(GO) test -race $$($(GO) list ./... | grep -v -e '/results/plot$$' -e '/cmd/peacesim$$')
	$(GO) test ./results/plot ./cmd/peacesim
	$(GO) test -race -run '$(RACE_PLOT)' ./results/plot
	$(GO) test -race -run '$(RACE_CLI)' ./cmd/peacesim

# A short run of the scenario loader's fuzz test (load, validate, compile)
# and of the results readers' (a table read back is in its columns'
# domains). Their seed corpora run with every go test.
fuzz:
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZ_LOAD)
	$(GO) test ./results -run '^$$' -fuzz '^FuzzReadDir$$' -fuzztime $(FUZZ_READ)

# Every embedded scenario and every scenario file in scenarios/ validates and
# runs from the command line, as a user would run it.
smoke: build
	@set -e; \
	for name in $$(./$(BIN) scenarios list --names); do \
		echo "smoke: run $$name"; \
		./$(BIN) run "$$name" --trials $(SMOKE_TRIALS) --quiet; \
	done; \
	for f in $$(find scenarios -name '*.toml' -not -path '*/testdata/*' | sort); do \
		echo "smoke: validate and run $$f"; \
		./$(BIN) validate "$$f" >/dev/null; \
		./$(BIN) run "$$f" --trials $(SMOKE_TRIALS) --format csv >/dev/null; \
	done; \
	dir=$$(mktemp -d); \
	./$(BIN) run --trials $(SMOKE_TRIALS) --quiet -o "$$dir/out"; \
	test -s "$$dir/out/pathways.csv" && test -s "$$dir/out/manifest.json"; \
	echo "smoke: plot the run"; \
	./$(BIN) plot "$$dir/out" -o "$$dir/run.png" && test -s "$$dir/run.png"; \
	echo "smoke: compare with an override"; \
	./$(BIN) compare --trials $(SMOKE_TRIALS) --quiet -o "$$dir/cmp" \
		--set parties.russia.reservation.framework=0.4; \
	test -s "$$dir/cmp/comparisons.csv" && grep -q '"parties.russia.reservation.framework=0.4"' "$$dir/cmp/manifest.json"; \
	echo "smoke: sensitivity and its charts"; \
	./$(BIN) sensitivity --evidence none --trials 8192 --samples 1024 --quiet -o "$$dir/sens"; \
	./$(BIN) plot "$$dir/sens" -o "$$dir/tornado.svg" && test -s "$$dir/tornado.svg"; \
	./$(BIN) plot "$$dir/sens" --chart sobol -o "$$dir/sobol.pdf" && test -s "$$dir/sobol.pdf"; \
	echo "smoke: discover and its trajectory"; \
	./$(BIN) discover --package miami_20_point --pathway framework_agreement --trials $(SMOKE_TRIALS) --quiet -o "$$dir/disc"; \
	test -s "$$dir/disc/boxes.csv"; \
	./$(BIN) plot "$$dir/disc" -o "$$dir/trajectory.png" && test -s "$$dir/trajectory.png"; \
	echo "smoke: bargain, its frontier, optimize and repair"; \
	./$(BIN) bargain --evidence none --package miami_20_point --quiet -o "$$dir/barg"; \
	./$(BIN) plot "$$dir/barg" -o "$$dir/frontier.png" && test -s "$$dir/frontier.png"; \
	./$(BIN) optimize --evidence none --target framework_agreement --trials 2000 --max-evals 200 --quiet -o "$$dir/opt"; \
	test -s "$$dir/opt/optimize.csv"; \
	./$(BIN) optimize --evidence none --target framework_agreement --trials 2000 --max-evals 300 --repair miami_20_point --min-prob 0.2 --quiet -o "$$dir/rep"; \
	test -s "$$dir/rep/repair.csv"; \
	rm -rf "$$dir"; echo "smoke: ok"

# Shards on a real Slurm cluster of one node, brought up here and stopped
# after: deploy/slurm/sweep.sbatch as job arrays, merged, against one
# process, byte for byte (docs/cluster.md). Needs root; installs slurm-wlm
# and munge from Debian's packages when missing.
test-slurm:
	GO=$(GO) bash scripts/test-slurm.sh

# The HTML report as a reader sees it, in a real headless Chromium
# (tools/browsercheck, a module of its own): it loads nothing but itself,
# logs no error, shows and names its tables and charts, fits a phone, and
# prints to PDF. Installs Debian's chromium when missing (as root or with
# sudo). TEST_BROWSER_OUT=DIR keeps the screenshot and the PDF there.
test-browser:
	GO=$(GO) bash scripts/test-browser.sh

# The explorer under load: 20 clients moving sliders for 30 s against one
# peacesim serve at the default trials; every answer checked, the
# computations at once counted against the cap, answer times and peak RSS
# reported (explorer/load_test.go).
EXPLORER_LOAD ?= 30s
test-explorer:
	PEACESIM_LOAD=$(EXPLORER_LOAD) $(GO) test ./explorer -run '^TestLoad$$' -count=1 -v

# The scenario format's JSON Schema as editors read it, through taplo, the
# TOML language server (docs/editor.md): every shipped scenario passes, the
# #:schema line of a scenario leads to it, taplo marks the corpus's
# problems at validate's lines as tools/editorcheck/corpus.golden lists
# (UPDATE=1 rewrites it), and agrees with the loader on the mutants of
# every valid file; and pre-commit runs .pre-commit-hooks.yaml's hook on a
# scenario repository. Installs @taplo/cli from npm into tools/editor when
# missing, and Node.js, npm and pre-commit from Debian's packages.
test-editor:
	GO=$(GO) bash scripts/test-editor.sh

# The documentation's commands, run as a reader runs them: every ```sh
# block of every page, in order, each page in a fresh copy of the tracked
# files (scripts/test-docs.sh says how a block is marked not to run).
test-docs:
	GO=$(GO) bash scripts/test-docs.sh

# Throughput, allocations and speed-up (go test -bench); the cost of a
# package among 7 and among 1,000; a sweep's; then the peak memory of a
# 10⁷-trial run of the default scenario and the time of a 1,000-point
# sweep of 10⁴ trials each, and of a Sobol analysis of 65,536 base samples;
# then the scale table of docs/performance.md (scripts/bench-scale.sh).
bench: build
	$(GO) test ./sim -run '^$$' -bench 'Trial|RunDefault|DefaultTimeline|Evidence|GammaVariate|TruncNormal' -benchmem -benchtime 3s
	$(GO) test ./sim -run '^$$' -bench 'Packages' -benchmem -benchtime 1x
	$(GO) test ./study/sweep -run '^$$' -bench 'Sweep' -benchmem -benchtime 2x
	$(GO) test ./study/sensitivity -run '^$$' -bench . -benchmem -benchtime 1x
	@if [ -x /usr/bin/time ]; then \
		/usr/bin/time -f 'peak RSS: %M KiB, wall %e s for $(BENCH_TRIALS) trials as one vote (--workers 2)' \
			./$(BIN) run --trials $(BENCH_TRIALS) --workers 2 --quiet --set timeline.rounds=1; \
		/usr/bin/time -f 'peak RSS: %M KiB, wall %e s for $(BENCH_TRIALS) trials over 26 rounds (--workers 2)' \
			./$(BIN) run --trials $(BENCH_TRIALS) --workers 2 --quiet; \
		/usr/bin/time -f 'peak RSS: %M KiB, wall %e s for a sweep of 1000 points x 10000 trials (--workers 2)' \
			./$(BIN) sweep --vary packages.miami_20_point.troop_cap=0:999:1 --trials 10000 --workers 2 --quiet; \
		/usr/bin/time -f 'peak RSS: %M KiB, wall %e s for a Sobol analysis of 65536 base samples (--workers 2)' \
			./$(BIN) sensitivity --evidence none --methods sobol --samples 65536 --workers 2 --quiet; \
	else echo "bench: /usr/bin/time not found (apt-get install time) - peak RSS and wall times not measured"; fi
	BIN=$(BIN) bash scripts/bench-scale.sh

clean:
	rm -rf bin
