# MentorMatch: two commands for a newcomer.
#   make demo   builds the CLI and solves the bundled example problem
#   make test   runs the test suite
SWIFT ?= swift

.PHONY: demo test deps release clean

deps:
	@bash scripts/ensure-glpk.sh

release: deps
	$(SWIFT) build -c release --product mentor-match

demo: release
	@echo "== A program: 8 mentors, 20 mentees, capacities, department caps, a quota and a cross-department share"
	@.build/release/mentor-match solve --problem Fixtures/problems/program.json --format text
	@echo
	@echo "== Committees of two mentors each, fairest first (maxMin)"
	@.build/release/mentor-match solve --problem Fixtures/problems/committee.json --format text
	@echo
	@echo "== The DIV benchmark (400 x 2000) on the exact network path, with its dual certificate"
	@.build/release/mentor-match solve --generate 400x2000 --family div --format text | head -n 5
	@echo
	@echo "== A program whose rules admit no matching: the rules to relax"
	@.build/release/mentor-match solve --problem Fixtures/problems/infeasible-rules.json --format text 2>/dev/null || true

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
