# MentorMatch: two commands for a newcomer.
#   make demo   builds the CLI and matches the bundled cohort (report in demo-output/)
#   make test   runs the test suite
SWIFT ?= swift

.PHONY: demo test fuzz bench bench-quick deps bench-deps release install docs clean

deps:
	@bash scripts/ensure-glpk.sh

release: deps
	$(SWIFT) build -c release --product mentor-match

# Copies the built CLI to $(PREFIX)/bin (default /usr/local/bin).
PREFIX ?= /usr/local
install: release
	install -d "$(PREFIX)/bin"
	install -m 755 .build/release/mentor-match "$(PREFIX)/bin/mentor-match"
	@echo "installed $(PREFIX)/bin/mentor-match"

demo: release
	@echo "== A mentoring program: 60 mentors, 150 mentees (synthetic), department caps and an early-career quota"
	@.build/release/mentor-match match --participants Fixtures/cohorts/traditional/participants.csv \
		--config Fixtures/cohorts/traditional/program.yaml --out demo-output
	@echo
	@echo "== Round 2 of the same program: one pair failed, one succeeded, one ended (Fixtures/rounds/traditional-round-1-outcomes.csv); the rest continue, locked"
	@.build/release/mentor-match rematch --participants Fixtures/cohorts/traditional/participants.csv \
		--config Fixtures/cohorts/traditional/program.yaml --previous demo-output --outcomes Fixtures/rounds/traditional-round-1-outcomes.csv \
		--out demo-output/round-2 2>/dev/null
	@echo
	@echo "== Why M001 and E001 score what they score"
	@.build/release/mentor-match explain --participants Fixtures/cohorts/traditional/participants.csv \
		--config Fixtures/cohorts/traditional/program.yaml --mentor M001 --mentee E001 | head -n 16
	@echo
	@echo "== Reverse mentoring: juniors teach seniors AI tools and new frameworks"
	@.build/release/mentor-match match --participants Fixtures/cohorts/reverse/participants.csv \
		--config Fixtures/cohorts/reverse/program.yaml --out demo-output/reverse 2>/dev/null
	@echo
	@echo "== Peer (mutual) mentoring: one pool of 80, each with up to 1-4 exchange partners, matched exactly by the blossom solver"
	@.build/release/mentor-match match --participants Fixtures/cohorts/mutual/participants.csv \
		--config Fixtures/cohorts/mutual/program.yaml --out demo-output/mutual 2>/dev/null
	@echo
	@echo "== The same pool in circles of 3-5, at most 2 from one department (iterated tabu search, gap to a proven bound)"
	@.build/release/mentor-match match --participants Fixtures/cohorts/mutual/participants.csv \
		--config Fixtures/cohorts/mutual/circles.yaml --out demo-output/circles 2>/dev/null
	@echo
	@echo "== The traditional cohort's 150 mentees in peer-learning circles of 3-5 (mentors not placed)"
	@.build/release/mentor-match match --participants Fixtures/cohorts/traditional/participants.csv \
		--config Fixtures/cohorts/traditional/circles.yaml --out demo-output/mentee-circles 2>/dev/null
	@echo
	@echo "== A score-matrix problem: 8 mentors, 20 mentees, capacities, department caps, a quota and a cross-department share"
	@.build/release/mentor-match solve --problem Fixtures/problems/program.json --format text | head -n 8
	@echo
	@echo "== Committees of two mentors each, fairest first (maxMin)"
	@.build/release/mentor-match solve --problem Fixtures/problems/committee.json --format text | head -n 7
	@echo
	@echo "== The DIV benchmark (400 x 2000) on the exact network path, with its dual certificate"
	@.build/release/mentor-match solve --generate 400x2000 --family div --format text | head -n 5
	@echo
	@echo "== A program whose rules admit no matching: the rules to relax"
	@.build/release/mentor-match solve --problem Fixtures/problems/infeasible-rules.json --time-limit 20 --format text 2>/dev/null || true

# Peers for the comparisons (PyPI) and glpsol and LEMON (Debian), installed when missing.
bench-deps: deps
	@python3 -c "import numpy, scipy, lap, ortools" 2>/dev/null || python3 -m pip install --quiet numpy scipy lap ortools
	@command -v glpsol >/dev/null || (apt-get update -qq && apt-get install -y -qq glpk-utils) || echo "glpsol unavailable: its comparison is skipped"
	@python3 -c "import networkx, rustworkx" 2>/dev/null || python3 -m pip install --quiet networkx rustworkx
	@python3 -c "import highspy" 2>/dev/null || python3 -m pip install --quiet highspy || echo "highspy unavailable: HiGHS's TIGHT comparison is skipped"
	@command -v cbc >/dev/null || (apt-get update -qq && apt-get install -y -qq coinor-cbc) || echo "coinor-cbc unavailable: CBC's TIGHT comparison is skipped"
	@test -e /usr/include/lemon/matching.h || (apt-get update -qq && apt-get install -y -qq liblemon-dev) || echo "liblemon-dev unavailable: LEMON's comparison (compare_pool_peers.py) is skipped"

# Runs the benchmarks and the peer comparisons, and writes BENCHMARKS.md.
bench: bench-deps
	python3 Benchmarks/write_benchmarks_md.py $(if $(shell command -v glpsol),,--skip-glpsol) --package-benchmark

bench-quick: bench-deps
	python3 Benchmarks/write_benchmarks_md.py --quick $(if $(shell command -v glpsol),,--skip-glpsol)

test: deps
	@bash scripts/ensure-test-peers.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The DocC documentation of every module with a catalog (Sources/*/*.docc), combined
# into one archive (.build/plugins/Swift-DocC/outputs/MentorMatch.doccarchive) so that
# links between modules resolve (``/MatchingCore/MatchingError``); any DocC warning fails it.
DOCC_TARGETS = $(foreach catalog,$(wildcard Sources/*/*.docc),--target $(notdir $(patsubst %/,%,$(dir $(catalog)))))
docs: deps
	$(SWIFT) package generate-documentation --enable-experimental-combined-documentation $(DOCC_TARGETS) --warnings-as-errors

# A long fuzz run of every reader (make test runs a quick fixed-seed one):
# FUZZ_ITERATIONS inputs per target from a fresh seed, printed first so a
# failure can be replayed with MENTORMATCH_FUZZ_SEED=<seed>.
FUZZ_ITERATIONS ?= 20000
fuzz: deps
	$(SWIFT) build --build-tests
	@seed=$${FUZZ_SEED:-$$(date +%s)}; echo "fuzz seed $$seed, $(FUZZ_ITERATIONS) inputs per target"; \
	MENTORMATCH_FUZZ_SEED=$$seed MENTORMATCH_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(SWIFT) test --skip-build --filter FuzzTests

clean:
	rm -rf .build demo-output bench-work
