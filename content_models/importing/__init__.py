"""Import lessons from a CSV or JSON file (see `manage.py import_lessons` and the README).

`readers` reads rows with their line numbers, `validation` checks every row against the
vocabularies before anything is written, `writer` creates or updates the lesson pages,
`bodies` sanitises bodies, `attachments` resolves and stores attached files.
"""
