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
	@echo "== mentor-match solve --problem Fixtures/problems/program.json"
	@.build/release/mentor-match solve --problem Fixtures/problems/program.json

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
