"""Open data: streamed CSV and JSON exports of the public data, under Licence Ouverte 2.0, each
described by a Table Schema file (schemas/), with a version number and a changelog
(CHANGELOG.md). Each app declares its exports in its own `exports.py` and registers them in
registry.py from its AppConfig.ready().
"""

# Version of the files' schemas: major when a column disappears or changes meaning, minor when
# one is added. Every change goes in CHANGELOG.md.
SCHEMA_VERSION = "1.1.0"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
