# The README's two commands. Each does all set-up itself on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench sample docs clean translations

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml setup.py
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

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
	rm -rf $(VENV) build *.egg-info
