"""The clinician report's rendering: a ``ReportContent`` (``content``) drawn as PNG charts with
a headless Chromium (``images``), turned into words in the patient's units (``rows``) and laid
out as PDF (``pdf``). ``tracker.services.reports`` gathers it and makes the document."""
