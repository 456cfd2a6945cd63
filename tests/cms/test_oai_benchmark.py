"""`manage.py benchmark_oai` at two small sizes: it runs end to end, prints its figures, and
the memory one ListRecords response needs does not grow with the repository (the full-size
figures are in docs/interfaces.md)."""

import io
import re

from django.core.management import call_command

import pytest

SUMMARY_ROW = re.compile(
    r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+) MB\s+(\d+)\s+(\d+)$", re.M
)


@pytest.mark.benchmark
@pytest.mark.django_db
def test_benchmark_oai_prints_figures_and_memory_stays_flat(site_tree):
    out = io.StringIO()
    call_command("benchmark_oai", sizes="150,600", rounds=3, api_pages=3, centres=4, stdout=out)
    print(out.getvalue())
    rows = SUMMARY_ROW.findall(out.getvalue())
    assert [int(row[0]) for row in rows] == [150, 600]
    assert [int(row[1]) for row in rows] == [150, 600]  # every lesson became a record
    assert "GET có điều kiện: 304" in out.getvalue()  # the API line, revalidated
    small, large = (float(row[5]) for row in rows)
    assert large < 1.5 * small, f"peak memory per response grew: {small} MB → {large} MB"
