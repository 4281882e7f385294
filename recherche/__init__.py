"""What every search of the platform shares: the normalised text that SQLite searches, the
French full-text configuration that PostgreSQL searches (migration 0001), and the filter and
facet mechanics of the list pages. It imports no other app of ours."""
