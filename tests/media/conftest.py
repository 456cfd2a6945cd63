"""Fixtures for the media tests: a private MEDIA_ROOT, a logged-in teacher, upload helpers."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from content_models.models.workflow import centre_collection
from media.models import CustomDocument, CustomImage

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def media_root(settings, tmp_path):
    """A MEDIA_ROOT of this test alone, so 'nothing stored' can be checked on disk."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def collection_a(centre_a):
    return centre_collection(centre_a)


@pytest.fixture
def teacher_client(client, teacher_a, media_root):
    assert client.login(username=teacher_a.username, password=PASSWORD)
    return client


def upload_document(client, collection, name, content, title=None):
    """The real admin add view (wagtaildocs:add), as the browser posts it."""
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title if title is not None else name.rsplit(".", 1)[0],
            "collection": collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_image(client, collection, name, content, title=None):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title if title is not None else name.rsplit(".", 1)[0],
            "collection": collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_multiple(client, kind, collection, name, content):
    """Wagtail's multiple uploader (the admin's default 'Add' page): JSON back."""
    url = reverse(
        "wagtaildocs:add_multiple" if kind == "document" else "wagtailimages:add_multiple"
    )
    response = client.post(
        url,
        {"collection": collection.pk, "title": name, "files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def form_errors(response):
    """Every error of the rendered admin form ('file' first), as plain text."""
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    form = response.context["form"]
    return " ".join(form.errors.get("file", []) + form.non_field_errors())


def assert_nothing_stored(media_root):
    assert CustomDocument.objects.count() == 0
    assert CustomImage.objects.count() == 0
    assert stored_files(media_root) == []
