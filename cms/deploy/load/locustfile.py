"""Learners on slow phones, as Locust users: searches and pages, 1–5 s apart.

Run by `.ci/drill.sh` against the production stack (nginx). Every request carries the
`X-Forwarded-Proto: https` a TLS proxy in front would add. Request names group the figures
by kind: search (text, filters, pages 1–3), autocomplete, lesson page, listing page.
Lesson and listing URLs come from the site's own sitemap, read once at start.

The users are FastHttpUser (geventhttpclient), which needs a fraction of the CPU of the
requests-based HttpUser: on the stack's own 2 cores the load generator is part of the cost
it measures (docs/operations.md). They send a phone browser's User-Agent, so their page views
go through usage counting as a learner's do (a script's agent is a robot, never counted).
"""

import random
import re

from locust import FastHttpUser, between, events, task

# What learners type: with and without diacritics, whole words and fragments.
QUERIES = [
    "phương trình",
    "phuong trinh bac hai",
    "tiếng việt",
    "tieng anh",
    "lịch sử",
    "dia li",
    "tin học",
    "excel",
    "trồng rau",
    "chăn nuôi",
    "sức khỏe",
    "an toàn giao thông",
    "hình học",
    "đạo hàm",
    "vat li",
    "hoa hoc",
]
PREFIXES = ["phu", "tie", "lic", "ti", "tro", "hin", "dao", "hoa"]
FILTERS = [
    "level=chuong-trinh-gdtx-cap-thpt",
    "level=xoa-mu-chu-giai-doan-2",
    "subject=toan",
    "subject=tin-hoc",
    "subject=ky-nang-song",
]
HTTPS = {"X-Forwarded-Proto": "https"}
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
URLS = {"lessons": [], "listings": ["/"]}


@events.test_start.add_listener
def read_sitemap(environment, **kwargs):
    """Lesson and listing paths from /sitemap.xml (absolute URLs, host dropped)."""
    import requests

    base = environment.host.rstrip("/")
    text = requests.get(base + "/sitemap.xml", headers=HTTPS, timeout=30).text
    for location in re.findall(r"<loc>([^<]+)</loc>", text):
        path = re.sub(r"^https?://[^/]+", "", location)
        depth = path.strip("/").count("/")
        (URLS["lessons"] if depth >= 2 else URLS["listings"]).append(path)


class Learner(FastHttpUser):
    wait_time = between(1, 5)
    default_headers = {**HTTPS, "User-Agent": PHONE}

    @task(4)
    def search_text(self):
        query = random.choice(QUERIES)
        self.client.get("/tim-kiem/", params={"q": query}, name="search: text")

    @task(2)
    def search_filtered(self):
        query = random.choice(QUERIES)
        extra = random.choice(FILTERS)
        page = random.choice([1, 1, 2, 3])
        self.client.get(
            f"/tim-kiem/?q={query}&{extra}&page={page}", name="search: filters, pages 1–3"
        )

    @task(2)
    def autocomplete(self):
        self.client.get(
            "/tim-kiem/goi-y/", params={"q": random.choice(PREFIXES)}, name="autocomplete"
        )

    @task(4)
    def lesson(self):
        if URLS["lessons"]:
            self.client.get(random.choice(URLS["lessons"]), name="lesson page")

    @task(1)
    def listing(self):
        self.client.get(random.choice(URLS["listings"]), name="listing page")
