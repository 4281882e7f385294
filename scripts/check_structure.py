"""The size rules of docs/architecture.md, checked in CI and by `make quality`: no Python module
over 600 lines (migrations aside), and no app over 30 % of the project's Python (tests,
migrations and scripts aside). Prints what breaks them and exits 1, or prints the figures."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600
MAX_SHARE = 0.30
SKIPPED = {".venv", "node_modules", "staticfiles", ".git"}


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if SKIPPED & set(parts) or "migrations" in parts:
            continue
        yield path


def main() -> int:
    failures = []
    per_app: dict[str, int] = {}
    for path in python_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        relative = path.relative_to(ROOT)
        if lines > MAX_LINES:
            failures.append(f"{relative} : {lines} lignes (au plus {MAX_LINES})")
        top = relative.parts[0]
        if len(relative.parts) > 1 and top not in {"tests", "scripts"}:
            per_app[top] = per_app.get(top, 0) + lines
    total = sum(per_app.values())
    for app, lines in sorted(per_app.items(), key=lambda item: -item[1]):
        if lines > MAX_SHARE * total:
            failures.append(f"{app}/ : {lines / total:.0%} du Python du projet (au plus 30 %)")
    if failures:
        print("Règles de structure non tenues :", *failures, sep="\n  ")
        return 1
    largest = max(per_app, key=per_app.get)
    print(
        f"Structure : aucun module de plus de {MAX_LINES} lignes ; {total} lignes de Python "
        f"dans {len(per_app)} applications, la plus grosse ({largest}/) en a "
        f"{per_app[largest] / total:.0%}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
