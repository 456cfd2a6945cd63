#!/bin/sh
# Container start for the web image. With HLM_SETUP_ON_START=1 (the `web` service) it first
# checks the deployment settings, creates the database cache tables (throttling counters,
# stored pages; before the migrations, whose saves already reach the page cache), applies
# migrations, collects static files and makes the search indices if missing; any failure stops the start
# with its message, before traffic.
set -eu

if [ "${HLM_SETUP_ON_START:-0}" = "1" ]; then
    python manage.py check --deploy --fail-level WARNING
    python manage.py createcachetable
    python manage.py migrate --noinput
    python manage.py collectstatic --noinput --verbosity 0
    python manage.py search_index create
fi

exec "$@"
