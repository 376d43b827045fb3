"""The guidance and the medicine as pure functions of a patient's history: no I/O, no database."""
