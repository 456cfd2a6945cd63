"""Durable background work: retries with backoff, recovery of jobs a dead worker held, and
the worker command's periodic duties. See docs/background-work.md.

Jobs are django-tasks tasks stored by the database backend of django-tasks-db; the worker is
`manage.py run_worker`. This package lives in `cms` because it serves every room (media
renditions and previews, the search outbox drain, later packs and usage counting).
"""
