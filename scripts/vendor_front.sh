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
