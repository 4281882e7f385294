"""The benchmark at national scale: `bench_generate` fills PostgreSQL with generated rows
(marked as such, see comptes.demo), `bench` and `bench_moderation` replay the pages through
Django and compare them with the raw SQL they issue. It sits above every app it measures."""
