"""Shared fixtures: the site tree, vocabularies, centres and users per role."""

from django.core.cache import caches

import pytest

from content_models.models import Centre, Province, ensure_centre_library, ensure_site_structure
from content_models.models.workflow import (
    EDITORS_GROUP,
    teachers_group_name,
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Wagtail caches renditions by image id, and ids are reused after each test's rollback."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site_tree(db):
    """(home, library) with groups and the review workflow in place."""
    return ensure_site_structure()


@pytest.fixture
def centre_a(site_tree):
    centre = Centre.objects.create(
        name="Trung tâm GDTX tỉnh Lào Cai",
        province=Province.objects.get(name="Lào Cai"),
        kind="gdtx",
    )
    ensure_centre_library(centre)
    return centre


@pytest.fixture
def centre_b(site_tree):
    centre = Centre.objects.create(
        name="Trung tâm GDNN-GDTX huyện Mường Tè",
        province=Province.objects.get(name="Lai Châu"),
        kind="gdnn_gdtx",
    )
    ensure_centre_library(centre)
    return centre


def _user(django_user_model, username, group_name=None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password="mat-khau-thu-nghiem", email=f"{username}@example.org", **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def teacher_a(django_user_model, centre_a):
    return _user(django_user_model, "giaovien_a", teachers_group_name(centre_a))


@pytest.fixture
def teacher_b(django_user_model, centre_b):
    return _user(django_user_model, "giaovien_b", teachers_group_name(centre_b))


@pytest.fixture
def editor(django_user_model, site_tree):
    return _user(django_user_model, "bientapvien", EDITORS_GROUP)
