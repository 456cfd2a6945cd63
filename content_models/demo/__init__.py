"""Demo content for `manage.py seed_demo`: Vietnamese centres, people, lessons, courses and
collections, with pictures and PDFs drawn by Pillow. Data lives in `specs`, `lessons_*` and
`collections`; `builder` writes it through Wagtail's page API; `images` draws the media.
"""
