# Two commands on a fresh machine with python3 (3.10+) and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# The per-text path compiled with mypyc (tools/compile.py), again whenever a source changes.
COMPILED := build/.compiled

.PHONY: run test lint bench clean pure

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(READY)

$(COMPILED): $(READY) tools/compile.py $(wildcard src/ldnclass/*.py src/ldnclass/reading/*.py)
	@mkdir -p build
	@echo 'compiling the per-text path with mypyc (two minutes, once; its log: build/compile.log)'
	@$(BIN)/python tools/compile.py > build/compile.log 2>&1 \
		|| (tail -5 build/compile.log; echo 'ldnclass runs as plain Python: slower, the same answers')
	@touch $@

# Run the sources as they are, without the compiled modules (until the next `make run` or `make test`).
pure:
	rm -f $(COMPILED) src/*__mypyc*.so src/ldnclass/compiled.stamp
	find src/ldnclass -name '*.so' -delete

run: $(COMPILED)
	@echo '$$ ldnclass classify "4.5 mg qhs"'
	@$(BIN)/ldnclass classify "4.5 mg qhs"
	@echo '$$ printf ... | ldnclass classify'
	@printf '2.25 mg bid\n4500 mcg at bedtime\n100 mg every other day\n50 mg weekly\n4.5\nnaloxone 4 mg\n' \
		| $(BIN)/ldnclass classify || true
	@echo '$$ ldnclass batch (a small CSV export, with a summary)'
	@printf 'id,patient,dose\n1,A,4.5 mg qhs\n2,B,"1 mg/mL, 3 mL at bedtime"\n3,C,1/2 tab of 50 mg daily\n4,D,100 mg qod\n5,E,Vivitrol 380 mg IM q4 weeks\n6,F,4.5\n7,G,=HYPERLINK("x")\n' \
		| $(BIN)/ldnclass batch --summary || true

lint: $(READY)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

test: lint $(COMPILED)
	$(BIN)/pytest -q

# The shipped regimens as JSON, read at start-up instead of parsing the YAML (and only while it
# matches it byte for byte): make it again after editing data/regimens.yaml; a test says so.
data/regimens.json: data/regimens.yaml $(READY)
	$(BIN)/python -c 'from ldnclass.regimens import write_shipped_copy; write_shipped_copy()'

bench: $(COMPILED)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_batch.py

clean: pure
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
