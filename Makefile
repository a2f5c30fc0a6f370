# The README's two commands. Each does all set-up itself on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Exact versions of every run and test dependency (make lock refreshes it); make run and make test
# install within it, so a fresh clone gets the versions CI passed with.
LOCK := requirements/lock.txt
LATEST := .venv-latest

.PHONY: run test bench sample docs clean translations lock test-latest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml setup.py $(LOCK)
	$(PY) -m pip install --quiet -c $(LOCK) -e ".[test]"
	touch $(STAMP)

# uv resolves for every Python at once (--universal): the lock keeps pyproject's markers, e.g.
# PySide6 < 6.12 on CPython 3.11, and takes seconds. --upgrade: a refresh takes the newest versions.
lock: $(PY)
	$(PY) -m pip install --quiet "uv>=0.5"
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --upgrade \
		--quiet --custom-compile-command "make lock" -o $(LOCK)

# The newest releases pyproject.toml allows, without the lock, in a venv of their own: an upgrade
# is then a decision (make lock) taken with a green suite, not a surprise on the next machine.
test-latest:
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test]"
	QT_QPA_PLATFORM=offscreen $(LATEST)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(LATEST)/bin/python -m pytest -q

run: $(STAMP)
	$(VENV)/bin/parkplanner sample_projects/zgc_tech_town.gpkg

# The team-project tests start their own throwaway PostgreSQL with PostGIS (tests/pgserver.py).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

sample: $(STAMP)
	$(PY) sample_projects/make_zgc_sample.py

# Interface translations: lupdate collects tr()/translate() strings of the UI into the .ts file
# (translated in Qt Linguist or by hand), lrelease compiles it to the .qm the program loads.
I18N := resources/i18n
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations relative $$(find parkplanner/ui -name '*.py' | sort) \
		-ts $(I18N)/parkplanner_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease $(I18N)/parkplanner_zh_CN.ts -qm $(I18N)/parkplanner_zh_CN.qm

docs: $(STAMP)
	$(PY) docs/make_indicators_doc.py

clean:
	rm -rf $(VENV) $(LATEST) build *.egg-info
