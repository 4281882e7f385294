"""The state of the open data files (alliances/exports.py `versioned_state`): one row of
counters, one per source, that the database itself bumps on every change to the tables the
files read, so that an ETag costs one primary-key read and never goes stale, whichever code
wrote (services, admin, cascades, queryset.update(), bulk loads, SQL by hand).

PostgreSQL: one trigger per statement (not per row: a bulk load of a million rows bumps once
per statement). SQLite (local use): triggers are per row, which is fine for the demo data.
"""

from django.db import migrations

TABLE = "alliances_etat_donnees"

# Each table the files read, and the counter its changes bump.
SOURCES = {
    "alliances_alliance": "alliances",
    "alliances_alliance_domaines": "alliances",
    "alliances_alliance_odd": "alliances",
    "alliances_participation": "participations",
    "alliances_organisation": "organisations",
    "alliances_organisation_domaines": "organisations",
    "alliances_organisation_odd": "organisations",
    "alliances_offre": "offres",
    "alliances_offre_domaines": "offres",
    "alliances_offre_odd": "offres",
}
COUNTERS = sorted(set(SOURCES.values()))

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'UPDATE {TABLE} SET %1$I = %1$I + 1, %2$I = clock_timestamp() WHERE id = 1',
        TG_ARGV[0], TG_ARGV[0] || '_le'
    );
    RETURN NULL;
END;
$$;
"""


def create(apps, schema_editor):
    def execute(sql: str) -> None:
        # No parameters: the SQL holds % signs (format(), strftime()) that must stay as they are.
        schema_editor.execute(sql, params=None)

    columns = ", ".join(
        f"{name} bigint NOT NULL DEFAULT 0, {name}_le {timestamp} NOT NULL"
        for name in COUNTERS
        for timestamp in [
            "timestamp with time zone"
            if schema_editor.connection.vendor == "postgresql"
            else "text"
        ]
    )
    execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY CHECK (id = 1), {columns})")
    if schema_editor.connection.vendor == "postgresql":
        now = "now()"
        execute(POSTGRESQL_FUNCTION)
        for table, counter in SOURCES.items():
            for event in ("INSERT OR UPDATE OR DELETE", "TRUNCATE"):
                suffix = "truncate" if event == "TRUNCATE" else "write"
                execute(
                    f"CREATE TRIGGER {TABLE}_{suffix} AFTER {event} ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump('{counter}')"
                )
    else:
        # Stored as UTC ISO text; alliances/exports.py reads it back as an aware datetime.
        now = "strftime('%Y-%m-%dT%H:%M:%f', 'now')"
        for table, counter in SOURCES.items():
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(
                    f"CREATE TRIGGER {table}_etat_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN UPDATE {TABLE} SET {counter} = {counter} + 1, {counter}_le = {now} "
                    "WHERE id = 1; END"
                )
    values = ", ".join(f"0, {now}" for _ in COUNTERS)
    names = ", ".join(f"{name}, {name}_le" for name in COUNTERS)
    execute(f"INSERT INTO {TABLE} (id, {names}) VALUES (1, {values})")


def drop(apps, schema_editor):
    def execute(sql: str) -> None:
        schema_editor.execute(sql, params=None)

    if schema_editor.connection.vendor == "postgresql":
        for table in SOURCES:
            for suffix in ("write", "truncate"):
                execute(f"DROP TRIGGER {TABLE}_{suffix} ON {table}")
        execute(f"DROP FUNCTION {TABLE}_bump()")
    else:
        for table in SOURCES:
            for event in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER {table}_etat_{event}")
    execute(f"DROP TABLE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("alliances", "0014_comptages_recherche")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
