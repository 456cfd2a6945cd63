"""Role × admin view matrix: no 5xx, and no other centre's unpublished work named anywhere.

Roles: anonymous, a teacher of centre A, a teacher of centre B, an editor. Every admin URL
pattern taking a page, document, image, revision, task, task-state or workflow-state id (read
from the resolver, see tests/cms/admin_routes.py) is requested with the ids of both centres'
work (tests/cms/admin_world.py), by GET and by POST, following redirects so that a message
left for the next page is read too. Each request runs in a savepoint that is rolled back, so
a POST that deletes or publishes does not change what the next request sees.

Then hostile values: a lone `"`, NUL, FTS operators, 20-digit ids, huge offsets and missing
form counters against every admin listing and every form taking them. See
docs/security/admin-views.md.
"""

import itertools
import re

from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from content_models.blocks import RICH_TEXT_FEATURES
from content_models.models import Licence
from content_models.models.workflow import REVIEW_WORKFLOW
from tests.cms import admin_routes
from tests.cms.admin_routes import (
    DOCUMENT,
    FIXED,
    IMAGE,
    PAGE,
    REVISION,
    TASK,
    TASK_STATE,
    WORKFLOW,
    WORKFLOW_STATE,
)
from tests.content_models.admin_forms import lesson_form_data

PASSWORD = "mat-khau-thu-nghiem"
HUGE_IDS = ["9223372036854775808", "99999999999999999999"]
HOSTILE_QUERIES = ['"', "\x00", 'a"b', "toán AND (", "*", "NEAR(x", "a\x00b", "\\", "'"]

FIXED_VALUES = {
    "action_name": ["approve", "reject"],
    "filter_spec": ["original"],
    "content_type_app_name": ["content_models"],
    "content_type_model_name": ["lessonpage"],
    "app_label": ["content_models"],
    "model_name": ["lessonpage"],
    "app_name": ["content_models"],
    "session_id": ["1"],
}
FIXED_BY_ROUTE = {
    "wagtailadmin_tag_model_autocomplete": {"app_name": ["taggit"], "model_name": ["tag"]},
    "wagtailadmin_editing_sessions:ping": {"app_label": ["wagtailcore"], "model_name": ["page"]},
    "wagtailsettings:edit": {"app_name": ["cms"], "model_name": ["sitesettings"]},
    "reports:export": {"fmt": ["xlsx", "csv"]},
}


# --- roles ----------------------------------------------------------------------------------


def client_for(user):
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


ROLES = ["anonymous", "teacher_a", "teacher_b", "editor"]


def role_setup(role, request, world):
    """(client, secrets this role must never see)."""
    if role == "anonymous":
        return Client(), world.a.secrets + world.b.secrets
    if role == "editor":
        return client_for(request.getfixturevalue("editor")), []
    user = request.getfixturevalue(role)
    foreign = world.b if role == "teacher_a" else world.a
    return client_for(user), foreign.secrets


# --- requests -------------------------------------------------------------------------------


def response_text(response):
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = " ".join(f"{key}: {value}" for key, value in response.items())
    chain = " ".join(url for url, _status in getattr(response, "redirect_chain", []))
    return f"{headers} {chain} {body.decode(errors='replace')}"


def fetch(client, method, url, data=None):
    """One request (redirects followed) in a savepoint rolled back afterwards.

    Returns (status, text) or (exception, "") when the view raised (a 500 in production).
    """
    with transaction.atomic():
        try:
            response = getattr(client, method)(url, data if data is not None else {}, follow=True)
            result = response.status_code, response_text(response)
        except Exception as error:  # a view that raises is a 500 for the user
            result = error, ""
        transaction.set_rollback(True)
    return result


class Findings:
    """Everything wrong, collected over the whole matrix and reported at once."""

    def __init__(self, secrets):
        self.secrets = [secret.lower() for secret in secrets]
        self.problems = []

    def check(self, method, url, status, text):
        if not isinstance(status, int):
            self.problems.append(f"{method} {url!r} raised {type(status).__name__}: {status}")
            return
        if status >= 500:
            self.problems.append(f"{method} {url!r} answered {status}")
        lowered = text.lower()
        for secret in self.secrets:
            if secret in lowered:
                self.problems.append(f"{method} {url!r} ({status}) shows {secret!r}")

    def request(self, client, method, url, data=None):
        status, text = fetch(client, method, url, data)
        self.check(method.upper(), url, status, text)
        return status

    def assert_none(self):
        assert not self.problems, "\n".join(self.problems)


# --- URLs from the resolver -----------------------------------------------------------------


def _revisions_for(world, page):
    own = [world.a, world.b][page.pk in {p.pk for p in world.b.pages}]
    work = own if page.pk in {p.pk for p in own.pages} else None
    if work is None:  # a library: no revisions of interest
        return []
    foreign = world.foreign_to(work.key)
    mine = work.revisions(page)
    theirs = foreign.revisions(foreign.live)
    return [mine[0].pk, mine[-1].pk, theirs[-1].pk]


def _candidates(route, kind, argument, world, chosen):
    pages = [world.a.library, world.b.library, *world.a.pages, *world.b.pages]
    if kind == PAGE:
        if argument == "destination_id":
            return [world.a.library.pk, world.b.library.pk]
        return [page.pk for page in pages]
    if kind == DOCUMENT:
        return [world.a.document.pk, world.b.document.pk]
    if kind == IMAGE:
        return [world.a.image.pk, world.b.image.pk]
    if kind == REVISION:
        page = next((p for p in pages if p.pk == chosen.get("page")), None)
        if page is None:
            return []
        revisions = _revisions_for(world, page)
        if argument == "revision_id_b":
            return [revisions[1], "latest", "live"] if revisions else []
        if argument == "revision_id_a":
            return [revisions[0], revisions[2], "earliest"] if revisions else []
        return revisions
    if kind == TASK:
        return [world.task.pk]
    if kind == TASK_STATE:
        return [world.a.task_state().pk, world.b.task_state().pk]
    if kind == WORKFLOW_STATE:
        return [world.a.workflow_state().pk, world.b.workflow_state().pk]
    if kind == WORKFLOW:
        return [Workflow.objects.get(name=REVIEW_WORKFLOW).pk]
    if kind == FIXED:
        values = FIXED_BY_ROUTE.get(route.name, {}).get(argument) or FIXED_VALUES.get(argument)
        assert values, f"no value for {argument} of {route.name}"
        return values
    raise AssertionError(f"{route.name}: unclassified argument {argument}")


def urls_for(route, world):
    """Concrete URLs of one route over the world's ids (pages first: revisions depend on them)."""
    kinds = route.kinds
    order = sorted(route.arguments, key=lambda a: kinds[a] == REVISION)
    combos = [{}]
    for argument in order:
        expanded = []
        for combo in combos:
            chosen = {"page": next((combo[a] for a in combo if kinds[a] == PAGE), None)}
            for value in _candidates(route, kinds[argument], argument, world, chosen):
                expanded.append({**combo, argument: value})
        combos = expanded
    urls = []
    for combo in combos:
        try:
            urls.append(reverse(route.name, kwargs=combo))
        except NoReverseMatch:
            continue
    return urls


def extra_id_urls(world):
    """Ids passed in the query string: chosen-multiple, bulk actions, the admin API filters."""
    pages = [world.a.library, world.b.library, *world.a.pages, *world.b.pages]
    urls = []
    for page in pages:
        urls.append(f"{reverse('wagtailadmin_choose_page_chosen_multiple')}?id={page.pk}")
        urls.append(f"/admin/api/main/pages/?child_of={page.pk}")
        urls.append(f"/admin/api/main/pages/?descendant_of={page.pk}&fields=parent,ancestors")
        urls.append(f"/admin/api/main/pages/{page.pk}/?fields=*")
        for action in ("delete", "move", "publish", "unpublish"):
            urls.append(f"/admin/bulk/wagtailcore/page/{action}/?id={page.pk}")
    for kind, objects in (
        ("customdocument", [world.a.document, world.b.document]),
        ("customimage", [world.a.image, world.b.image]),
    ):
        for obj in objects:
            for action in ("delete", "add_to_collection", "add_tags"):
                urls.append(f"/admin/bulk/media/{kind}/{action}/?id={obj.pk}")
    for name in ("wagtaildocs_chooser", "wagtailimages_chooser"):
        objects = (
            [world.a.document, world.b.document]
            if name.startswith("wagtaildocs")
            else [world.a.image, world.b.image]
        )
        for obj in objects:
            urls.append(f"{reverse(f'{name}:chosen_multiple')}?id={obj.pk}")
    return urls


def secret_searches(world):
    """Each centre's secrets typed into every admin search box that lists pages or media.

    Admin searches match prefixes (autocomplete), so the secret less its last letter finds
    it, while the search page's echo of the query does not contain the whole secret.
    """
    urls = []
    for whole in world.a.secrets[:4] + world.b.secrets[:4]:
        secret = whole[:-1]
        for base, parameter in (
            ("/admin/pages/search/", "q"),
            ("/admin/pages/search/results/", "q"),
            ("/admin/choose-page/search/", "q"),
            (f"/admin/pages/{world.a.library.get_parent().pk}/", "q"),
            ("/admin/pages/usage/content_models/lessonpage/", "q"),
            ("/admin/documents/", "q"),
            ("/admin/documents/chooser/results/", "q"),
            ("/admin/images/", "q"),
            ("/admin/images/chooser/results/", "q"),
            ("/admin/api/main/pages/", "search"),
            ("/admin/api/main/documents/", "search"),
            ("/admin/api/main/images/", "search"),
        ):
            urls.append(f"{base}?{parameter}={secret}")
        urls.append(f"/admin/pages/{world.a.library.pk}/?q={secret}&search_all=1")
    return urls


# --- the matrix -----------------------------------------------------------------------------


def test_every_admin_argument_is_classified():
    """A new admin route with an id we do not know must be placed in the matrix by hand."""
    unknown = [
        f"{route.name} ({route.route}): {argument}"
        for route in admin_routes.admin_routes()
        for argument, kind in route.kinds.items()
        if kind is None
    ]
    assert not unknown, "\n".join(unknown)
    assert len(admin_routes.id_routes()) > 40


@pytest.mark.parametrize("role", ROLES)
def test_id_views_show_no_other_centres_unpublished_work(role, request, world):
    client, secrets = role_setup(role, request, world)
    findings = Findings(secrets)
    for route in admin_routes.id_routes():
        for url in urls_for(route, world):
            findings.request(client, "get", url)
            findings.request(client, "post", url)
    for url in extra_id_urls(world):
        findings.request(client, "get", url)
        if "/bulk/" in url:
            findings.request(client, "post", url)
    findings.assert_none()


@pytest.mark.parametrize("role", ["teacher_a", "teacher_b", "editor"])
def test_listings_and_searches_show_no_other_centres_unpublished_work(role, request, world):
    client, secrets = role_setup(role, request, world)
    findings = Findings(secrets)
    for route in admin_routes.plain_routes():
        for url in urls_for(route, world):
            findings.request(client, "get", url)
    for url in secret_searches(world):
        findings.request(client, "get", url)
    findings.assert_none()


# --- hostile values -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher_a", "editor"])
def test_hostile_search_values_in_every_admin_listing(role, request, world):
    client, _secrets = role_setup(role, request, world)
    findings = Findings([])
    listings = []
    for route in admin_routes.plain_routes():
        listings.extend(urls_for(route, world))
    listings += [
        f"/admin/pages/{world.a.library.pk}/",
        f"/admin/pages/{world.a.library.pk}/results/",
        f"/admin/choose-page/{world.a.library.pk}/",
    ]
    for url, value in itertools.product(listings, HOSTILE_QUERIES):
        findings.request(client, "get", url, {"q": value, "search": value, "term": value})
    findings.assert_none()


@pytest.mark.parametrize("role", ["teacher_a", "editor"])
def test_huge_ids_and_offsets_answer_without_a_5xx(role, request, world):
    client, _secrets = role_setup(role, request, world)
    findings = Findings([])
    for route in admin_routes.id_routes():
        kinds = route.kinds
        for huge in HUGE_IDS:
            kwargs = {}
            for argument in route.arguments:
                if kinds[argument] == FIXED:
                    values = FIXED_BY_ROUTE.get(route.name, {}).get(argument)
                    kwargs[argument] = (values or FIXED_VALUES[argument])[0]
                else:
                    kwargs[argument] = huge
            try:
                url = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            findings.request(client, "get", url)
            findings.request(client, "post", url)
    listings = []
    for route in admin_routes.plain_routes():
        listings.extend(urls_for(route, world))
    for url, huge in itertools.product(listings, HUGE_IDS):
        findings.request(
            client,
            "get",
            url,
            {"p": huge, "offset": huge, "limit": huge, "id": huge, "collection_id": huge},
        )
    for huge in HUGE_IDS:
        for query in (
            f"offset={huge}",
            f"limit={huge}",
            f"child_of={huge}",
            f"descendant_of={huge}",
            f"id={huge}",
            f"offset={huge}&limit=20",
        ):
            for endpoint in ("pages", "documents", "images"):
                findings.request(client, "get", f"/admin/api/main/{endpoint}/?{query}")
        findings.request(client, "get", f"/admin/choose-page/chosen-multiple/?id={huge}")
        findings.request(client, "get", f"/admin/bulk/wagtailcore/page/delete/?id={huge}")
        findings.request(client, "get", f"/admin/documents/chooser/chosen/{huge}/")
        findings.request(client, "get", f"/admin/images/chooser/chosen/{huge}/")
        findings.request(client, "get", f"/ban-lam-viec/dung-lai/{huge}/")
        findings.request(client, "post", f"/ban-lam-viec/gui-duyet/{huge}/")
    findings.assert_none()


# --- hostile values in the page forms -------------------------------------------------------

COUNTER_SUFFIXES = ("-count", "-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
BAD_COUNTS = [None, "abc", "-1", HUGE_IDS[1]]  # None: left out of the post
BAD_IDS = ["abc", "1.5", "-1", HUGE_IDS[1]]


def lesson_data(world, title, slug):
    own = world.a
    return lesson_form_data(
        title,
        slug,
        body=[
            ("image", {"image": own.image.pk, "alt_text": "Hình", "caption": ""}),
            ("document", {"document": own.document.pk, "title": ""}),
        ],
        derived_from=str(world.b.live.pk),
        cover_image=str(own.image.pk),
        **nested_form_data(
            {"attachments": inline_formset([{"document": own.document.pk, "title": ""}])}
        ),
    )


def course_data(world, title, slug):
    licence = Licence.objects.get(name="CC BY 4.0")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Tóm tắt học phần.",
            "introduction": rich_text("<p>Giới thiệu</p>", features=RICH_TEXT_FEATURES),
            "units": streamfield(
                [
                    (
                        "unit",
                        {
                            "title": "Phần 1",
                            "description": "",
                            "lessons": streamfield(
                                [("item", world.a.live.pk), ("item", world.b.live.pk)]
                            ),
                        },
                    )
                ]
            ),
            "cover_image": "",
            "licence": str(licence.pk),
            "centre": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )


def collection_data(world, title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": rich_text("<p>Tuyển chọn</p>", features=RICH_TEXT_FEATURES),
            "items": streamfield([("item", world.a.live.pk), ("item", world.b.live.pk)]),
            "cover_image": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )


def hostile_variants(data, id_fields):
    """The post with each counter left out or wrong, and each id field malformed."""
    for key in [key for key in data if key.endswith(COUNTER_SUFFIXES)]:
        for value in BAD_COUNTS:
            variant = dict(data)
            if value is None:
                del variant[key]
            else:
                variant[key] = value
            yield f"{key}={value}", variant
    for key in id_fields:
        for value in BAD_IDS:
            yield f"{key}={value}", {**data, key: value}


CHOSEN_ID_FIELD = re.compile(
    r"^(derived_from|cover_image|licence|resource_type|centre)$|-image$"
    r"|-document$|^units-\d+-value-lessons-\d+-value$|^items-\d+-value$"
)


def id_fields_of(data):
    """Fields of a page post holding the id of a chosen page, image, document or term."""
    return [key for key in data if CHOSEN_ID_FIELD.search(key)]


def page_forms(world, role):
    """(url, base post data, hostile?) of the page forms this role may use.

    The teacher drives their own lesson's edit form and a new course, the editor a new
    lesson and a new collection; the revert form (the edit form again) gets the base post.
    """
    a_library = world.a.library
    add = "wagtailadmin_pages:add"
    edit = reverse("wagtailadmin_pages:edit", args=[world.a.draft.pk])
    revision = world.a.revisions(world.a.draft)[0]
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[world.a.draft.pk, revision.pk])
    edit_lesson = lesson_data(world, "Bài thử", world.a.draft.slug)
    if role == "editor":
        library = a_library.get_parent()
        return [
            (
                reverse(add, args=["content_models", "lessonpage", a_library.pk]),
                lesson_data(world, "Bài thử", "bai-thu"),
                True,
            ),
            (
                reverse(add, args=["content_models", "collectionpage", library.pk]),
                collection_data(world, "Bộ sưu tập thử", "bo-suu-tap-thu"),
                True,
            ),
            (revert, edit_lesson, False),
        ]
    return [
        (edit, edit_lesson, True),
        (
            reverse(add, args=["content_models", "coursepage", a_library.pk]),
            course_data(world, "Học phần thử", "hoc-phan-thu"),
            True,
        ),
        (revert, edit_lesson, False),
    ]


@pytest.mark.parametrize("role", ["teacher_a", "editor"])
def test_page_forms_take_missing_counters_and_malformed_ids(role, request, world):
    client, _secrets = role_setup(role, request, world)
    # The other centre's page titles must not appear either (B's draft as a chosen page).
    findings = Findings(world.b.secrets[:2] if role == "teacher_a" else [])
    for url, data, hostile in page_forms(world, role):
        assert findings.request(client, "post", url, data) in (200, 302), url
        variants = hostile_variants(data, id_fields_of(data)) if hostile else []
        for _label, variant in variants:
            findings.request(client, "post", url, variant)
        chosen_draft = {**data, "derived_from": str(world.b.draft.pk)}
        findings.request(client, "post", url, chosen_draft)
    findings.assert_none()


def test_page_form_does_not_show_other_centres_media(world, teacher_a):
    """B's unused image and document chosen by id in A's lesson form (a forged post)."""
    client = client_for(teacher_a)
    findings = Findings(world.b.secrets)
    edit = reverse("wagtailadmin_pages:edit", args=[world.a.draft.pk])
    data = lesson_data(world, "Bài thử", world.a.draft.slug)
    for key, value in (
        ("cover_image", world.b.image.pk),
        ("body-0-value-image", world.b.image.pk),
        ("body-1-value-document", world.b.document.pk),
        ("attachments-0-document", world.b.document.pk),
    ):
        findings.request(client, "post", edit, {**data, key: str(value)})
        # …and once saved, the form shown again afterwards.
        findings.request(client, "get", edit)
    findings.assert_none()
