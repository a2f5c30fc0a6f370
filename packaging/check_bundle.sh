#!/usr/bin/env bash
# Build the one-folder app and prove it starts and exports the sample's appendix headless.
# Usage: bash packaging/check_bundle.sh   (from the repository root; takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv-bundle}
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet . pyinstaller
"$VENV/bin/pyinstaller" packaging/parkplanner.spec --noconfirm --distpath build/dist --workpath build/work
APP=build/dist/parkplanner/parkplanner
OUT=$(mktemp -d)
"$APP" --version
"$APP" info "$("$VENV/bin/python" -c 'from parkplanner.core.resources import sample_project_path as p; print(p())')" >/dev/null
SAMPLE=build/dist/parkplanner/_internal/parkplanner/sample_projects/zgc_tech_town.gpkg
"$APP" report "$SAMPLE" -o "$OUT/appendix.xlsx"
"$APP" metrics "$SAMPLE" --json > "$OUT/metrics.json"
test -s "$OUT/appendix.xlsx" && test -s "$OUT/metrics.json"
echo "bundle OK: $APP started, exported $(du -h "$OUT/appendix.xlsx" | cut -f1) appendix"
