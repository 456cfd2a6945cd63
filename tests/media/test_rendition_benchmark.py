"""Figures for the README: what a 12 MP upload costs in renditions, and that a page view
after the upload task pays none of it (the tag only reads existing renditions)."""

import io
import time

from django.core.files.images import ImageFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

import pytest
from PIL import Image, ImageDraw

from media.models import CustomImage
from media.renditions import standard_specs
from media.tasks import generate_standard_renditions

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]


def twelve_megapixel_jpeg():
    picture = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for index in range(0, 4000, 97):
        draw.line((index, 0, 4000 - index, 3000), fill=(index % 255, 90, 160), width=7)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=88)
    return output.getvalue()


def test_twelve_megapixel_renditions_are_made_by_the_task(media_root):
    image = CustomImage(title="Ảnh 12 MP")
    image.file.save("anh.jpg", ImageFile(io.BytesIO(twelve_megapixel_jpeg()), name="anh.jpg"))
    assert image.width * image.height == 12_000_000

    started = time.perf_counter()
    made = generate_standard_renditions.call(image.pk)
    elapsed = time.perf_counter() - started
    assert made == len(standard_specs())
    print(
        f"\n12 MP original: {made} WebP renditions in {elapsed:.2f} s "
        f"({elapsed / made:.2f} s each) in the upload task"
    )

    template = Template('{% load media_tags %}{% responsive_image image "cover" %}')
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        html = template.render(Context({"image": CustomImage.objects.get(pk=image.pk)}))
        page_cost = time.perf_counter() - started
    assert "960w" in html
    assert not any("INSERT" in query["sql"] for query in queries.captured_queries)
    print(f"page view after the task: {page_cost * 1000:.1f} ms, {len(queries)} queries")
