"""What crosses the app's edges: the entries CSV, FHIR, plausibility checks, units per kind."""
