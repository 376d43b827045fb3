"""Imports from the apps patients already use, and the tracker's own entries CSV.

Each module reads one app's export into tracker entries (see ``base.py`` for the contract);
``registry.py`` lists them in the order detection tries them; ``tracker.services.imports``
previews, checks, removes duplicates, writes and undoes.
"""
