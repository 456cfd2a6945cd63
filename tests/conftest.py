"""Shared fixtures: the site tree, vocabularies, centres and users per role."""

import importlib

from django.core.cache import caches

import pytest

from content_models.models import Centre, Province, ensure_centre_library, ensure_site_structure
from content_models.models.workflow import (
    EDITORS_GROUP,
    teachers_group_name,
)
from content_models.usage.buffer import BUFFER
from tests import module_data


def pytest_collection_modifyitems(items):
    module_data.sort_items(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    module_data.before_test(item)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Wagtail caches renditions by image id, and ids are reused after each test's rollback."""
    for cache in caches.all():
        cache.clear()
    # Counts buffered by an earlier test's requests are dropped, not written into this one.
    BUFFER.take()


def restore_migration_data():
    """Put back the rows data migrations create, when a transactional test has flushed them.

    A `transaction=True` test ends with a flush of every table. `serialized_rollback` should
    restore the migrations' rows, but it does not once a test has run Playwright's sync API
    (its greenlet gives the main thread a second set of connection wrappers), so the root
    page, the root collection, the vocabularies and the synonyms are rebuilt here, by the
    migrations' own functions.
    """
    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import get_supported_language_variant

    from wagtail.models import Collection, Locale, Page

    from content_models.models import Licence

    if Page.objects.filter(depth=1).exists() and Licence.objects.exists():
        return
    seed_taxonomy = importlib.import_module("content_models.migrations.0002_seed_taxonomy")
    seed_synonyms = importlib.import_module("search.migrations.0003_seed_synonyms")
    locale, _created = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=locale,
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    seed_taxonomy.seed(apps, None)
    seed_synonyms.seed(apps, None)


@pytest.fixture
def site_tree(db):
    """(home, library) with groups and the review workflow in place."""
    restore_migration_data()
    return ensure_site_structure()


def make_centre_a():
    """Centre A, or the one already there (data a module shares, tests/search/conftest.py)."""
    return _centre("Trung tâm GDTX tỉnh Lào Cai", "Lào Cai", "gdtx")


def make_centre_b():
    return _centre("Trung tâm GDNN-GDTX huyện Mường Tè", "Lai Châu", "gdnn_gdtx")


def _centre(name, province, kind):
    centre = Centre.objects.filter(name=name).first()
    if centre is None:
        centre = Centre.objects.create(
            name=name, province=Province.objects.get(name=province), kind=kind
        )
    ensure_centre_library(centre)
    return centre


@pytest.fixture
def centre_a(site_tree):
    return make_centre_a()


@pytest.fixture
def centre_b(site_tree):
    return make_centre_b()


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
