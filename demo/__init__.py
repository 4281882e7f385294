"""`manage.py load_demo`: the demonstration data of every app, loaded in order (accounts,
organisations, alliances, catalyseur, offres, mises en relation). Each app keeps its own demo
loader (`demo.py`) and its French texts (`donnees_demo/*.yaml`); this app only calls them."""
