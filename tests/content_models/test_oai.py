"""The OAI-PMH provider at /oai/, harvested by a real harvester (oaipmh-scythe) over HTTP.

The live-server tests run Django in a thread of this process (pytest-django's `live_server`),
so they need a transactional database the server thread can see. A few hundred lessons are
written straight into the page tables by the search benchmark's generator and recorded by
`sync_oai_records`; the lessons whose life the tests follow (edit, unpublish, delete, make
private, remix, course, collection, draft) go through Wagtail's own publishing and signals.
Every response is checked by `oai_checks.check` (see there why not against the XSD).
"""

import io
import time
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.core.management import call_command

from wagtail.models import Page, PageViewRestriction

import httpx2
import pytest
from lxml import etree
from oaipmh_scythe import Scythe, exceptions
from oaipmh_scythe.config import HTTPConfig
from oaipmh_scythe.iterator import OAIResponseIterator

from content_models.models import (
    CollectionPage,
    CoursePage,
    Grade,
    LessonPage,
    OaiRecord,
    ProgrammeLevel,
    ResourceType,
    Subject,
)
from search.benchmark_data import generate_lessons
from tests.content_models.oai_checks import NS, check
from tests.factories.pages import CoursePageFactory, LessonPageFactory

GENERATED = 300  # for the tests that follow particular lessons
FULL_HARVEST = 1000  # the size for the full-harvest test
LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DRAFT_TITLE = "BẢN NHÁP CHƯA DUYỆT"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def oai_id(page, kind="lesson"):
    return f"oai:localhost:{kind}/{page.pk}"


def utc_now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_second():
    """Wait until the clock shows a second no record written so far can carry."""
    time.sleep(1.1)
    return utc_now()


class Repository:
    """What the live-server tests harvest; attributes are the pages they follow."""

    def __init__(self, centre_a, centre_b, generated=GENERATED):
        generate_lessons(generated, centres=4, tag="oaitest")
        call_command("sync_oai_records", stdout=io.StringIO())
        library_a, library_b = centre_a.library_page, centre_b.library_page
        self.original = publish(
            LessonPageFactory(parent=library_b, live=False, title="Phương trình bậc hai gốc")
        )
        self.remix = LessonPageFactory(
            parent=library_a,
            live=False,
            title="Phương trình bậc hai cho lớp buổi tối",
            authors="Lò Văn Sơn, Nguyễn Thị Mai",
            derived_from=self.original,
            language="vi",
            duration_minutes=45,
            resource_type=ResourceType.objects.order_by("pk").first(),
        )
        self.remix.programme_levels.set(
            [ProgrammeLevel.objects.get(slug="chuong-trinh-gdtx-cap-thpt")]
        )
        self.remix.subjects.set([Subject.objects.get(slug="toan")])
        self.remix.grades.set([Grade.objects.get(number=10)])
        publish(self.remix)
        self.followed = [
            publish(LessonPageFactory(parent=library_a, live=False, title=f"Bài theo dõi {n}"))
            for n in range(4)
        ]
        self.course = CoursePageFactory(parent=library_a, live=False)
        self.course.units = [
            (
                "unit",
                {"title": "Phần 1", "description": "", "lessons": [self.remix, self.original]},
            )
        ]
        publish(self.course)
        self.collection = CollectionPage(
            title="Bộ sưu tập Toán", slug="bo-suu-tap-toan", live=False
        )
        self.collection.items = [("item", self.remix), ("item", self.course)]
        centre_a.library_page.get_parent().add_child(instance=self.collection)
        publish(self.collection)
        # Never published: a draft, and a lesson published only behind a password.
        self.draft = LessonPageFactory(parent=library_a, live=False, title=DRAFT_TITLE)
        self.draft.save_revision()
        self.private = LessonPageFactory(
            parent=library_a, live=False, title=DRAFT_TITLE, slug="bai-rieng-tu"
        )
        PageViewRestriction.objects.create(
            page=self.private, restriction_type="password", password="mat-khau"
        )
        publish(self.private)
        # Live, with a newer draft waiting for review: only the live title may be harvested.
        self.pending = publish(
            LessonPageFactory(parent=library_a, live=False, title="Bản đã duyệt")
        )
        self.pending.title = DRAFT_TITLE
        self.pending.save_revision()


@pytest.fixture
def repository(centre_a, centre_b):
    return Repository(centre_a, centre_b)


@pytest.fixture
def large_repository(centre_a, centre_b):
    return Repository(centre_a, centre_b, generated=FULL_HARVEST)


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/oai/"


def get(endpoint, method="GET", **params):
    if method == "POST":
        response = httpx2.post(endpoint, data=params, timeout=60)
    else:
        response = httpx2.get(endpoint, params=params, timeout=60)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    return check(response.content)


def harvest(endpoint, verb="ListRecords", method="GET", **params):
    """Every response of a list, by following its resumption tokens with the harvester."""
    with Scythe(
        endpoint, iterator=OAIResponseIterator, http_config=HTTPConfig(http_method=method)
    ) as scythe:
        call = {"ListRecords": scythe.list_records, "ListIdentifiers": scythe.list_identifiers}
        responses = list(call[verb](**params))
    roots = [check(response.http_response.content)[0] for response in responses]
    return roots


def records_of(roots, verb="ListRecords"):
    path = (
        "oai:ListRecords/oai:record" if verb == "ListRecords" else "oai:ListIdentifiers/oai:header"
    )
    return [item for root in roots for item in root.xpath(path, namespaces=NS)]


def identifier_of(item):
    return item.findtext(".//oai:identifier", namespaces=NS)


def is_deleted(item):
    header = item if item.tag.endswith("header") else item.find("oai:header", NS)
    return header.get("status") == "deleted"


@LIVE
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_full_harvest_equals_the_database(endpoint, large_repository, method):
    repository = large_repository
    roots = harvest(endpoint, method=method, metadata_prefix="oai_dc")
    records = records_of(roots)
    identifiers = [identifier_of(record) for record in records]
    assert len(identifiers) == len(set(identifiers)), "no record twice in one harvest"
    live = {
        f"oai:localhost:lesson/{pk}"
        for pk in LessonPage.objects.live().public().values_list("pk", flat=True)
    }
    harvested = {
        i
        for i, r in zip(identifiers, records, strict=True)
        if "lesson/" in i and not is_deleted(r)
    }
    assert len(live) >= FULL_HARVEST and harvested == live
    assert len(identifiers) == OaiRecord.objects.count()
    assert oai_id(repository.course, "course") in identifiers
    assert oai_id(repository.collection, "collection") in identifiers
    # Split by resumption tokens, with a cursor and the complete list size on each part.
    tokens = [root.find(".//oai:resumptionToken", NS) for root in roots]
    assert len(roots) >= FULL_HARVEST // 100 and all(token is not None for token in tokens)
    assert [int(token.get("cursor")) for token in tokens] == [100 * n for n in range(len(roots))]
    assert {int(token.get("completeListSize")) for token in tokens} == {len(records)}
    assert not tokens[-1].text and all(token.text for token in tokens[:-1])


@LIVE
def test_lom_harvest_and_identifiers_match_the_dublin_core_harvest(endpoint, repository):
    lom = records_of(harvest(endpoint, metadata_prefix="lom"))
    headers = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc"), "ListIdentifiers"
    )
    assert [identifier_of(r) for r in lom] == [identifier_of(h) for h in headers]
    assert all(r.find("oai:metadata/lom:lom", NS) is not None for r in lom if not is_deleted(r))


@LIVE
def test_drafts_and_private_pages_never_appear(endpoint, repository):
    for prefix in ("oai_dc", "lom"):
        roots = harvest(endpoint, metadata_prefix=prefix)
        identifiers = {identifier_of(record) for record in records_of(roots)}
        assert oai_id(repository.draft) not in identifiers
        assert oai_id(repository.private) not in identifiers
        for root in roots:
            assert DRAFT_TITLE.encode() not in etree.tostring(root, encoding="utf-8")
    for page in (repository.draft, repository.private):
        _root, codes = get(
            endpoint, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(page)
        )
        assert codes == ["idDoesNotExist"]
    root, codes = get(
        endpoint, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(repository.pending)
    )
    assert not codes
    assert root.findtext(".//dc:title", namespaces=NS) == "Bản đã duyệt"


@LIVE
def test_incremental_harvest_returns_exactly_the_changed_record(endpoint, repository):
    since = next_second()
    lesson = repository.followed[0]
    lesson.title = "Bài theo dõi đã sửa"
    publish(lesson)
    records = records_of(harvest(endpoint, metadata_prefix="oai_dc", from_=since))
    assert [identifier_of(r) for r in records] == [oai_id(lesson)]
    assert records[0].findtext(".//dc:title", namespaces=NS) == "Bài theo dõi đã sửa"
    # The same window by ListIdentifiers; a window ending before the edit leaves it out.
    headers = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="lom", from_=since), "ListIdentifiers"
    )
    assert [identifier_of(h) for h in headers] == [oai_id(lesson)]
    before = (datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ") - timedelta(seconds=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    earlier = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="lom", until=before),
        "ListIdentifiers",
    )
    assert oai_id(lesson) not in {identifier_of(h) for h in earlier}
    assert len(earlier) == OaiRecord.objects.count() - 1


@LIVE
def test_unpublished_deleted_and_private_lessons_are_harvested_as_deleted(endpoint, repository):
    unpublished, deleted, private, kept = repository.followed
    since = next_second()
    unpublished.unpublish()
    deleted_id = oai_id(deleted)
    Page.objects.get(pk=deleted.pk).delete()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    records = records_of(harvest(endpoint, metadata_prefix="oai_dc", from_=since))
    by_id = {identifier_of(r): r for r in records}
    assert set(by_id) == {oai_id(unpublished), deleted_id, oai_id(private)}
    assert all(is_deleted(r) for r in records)
    # Persistent: asked for by identifier, and still in the sets they belonged to.
    for identifier in by_id:
        root, codes = get(endpoint, verb="GetRecord", metadataPrefix="lom", identifier=identifier)
        assert not codes and is_deleted(root.find(".//oai:record", NS))
    centre_set = next(
        spec.text
        for spec in by_id[deleted_id].iterfind(".//oai:setSpec", NS)
        if ":centre:" in spec.text
    )
    headers = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_=centre_set),
        "ListIdentifiers",
    )
    assert deleted_id in {identifier_of(h) for h in headers if is_deleted(h)}
    # Published again: the record comes back, newer than the tombstone.
    since = next_second()
    publish(LessonPage.objects.get(pk=unpublished.pk))
    records = records_of(harvest(endpoint, metadata_prefix="oai_dc", from_=since))
    assert [(identifier_of(r), is_deleted(r)) for r in records] == [(oai_id(unpublished), False)]
    assert oai_id(kept) not in by_id


@LIVE
def test_records_linking_to_a_withdrawn_lesson_are_harvested_again(endpoint, repository):
    """A course lists its lessons, a collection its items, a remix its original: when one of
    those disappears or comes back, the records naming it change, and an incremental harvest
    returns them as well."""
    original, remix = repository.original, repository.remix
    course = oai_id(repository.course, "course")
    collection = oai_id(repository.collection, "collection")

    def changed_since(since, prefix="lom"):
        records = records_of(harvest(endpoint, metadata_prefix=prefix, from_=since))
        return {identifier_of(r): r for r in records}

    def parts(record):
        return record.xpath(
            ".//lom:relation[lom:kind/lom:value='haspart']"
            "//lom:identifier[lom:catalog='oai']/lom:entry/text()",
            namespaces=NS,
        )

    since = next_second()
    LessonPage.objects.get(pk=original.pk).unpublish()
    changed = changed_since(since)
    # The course loses a part, the remix its `isbasedon`; the collection never held it.
    assert set(changed) == {oai_id(original), oai_id(remix), course}
    assert is_deleted(changed[oai_id(original)])
    assert parts(changed[course]) == [oai_id(remix)]
    assert not changed[oai_id(remix)].xpath(".//lom:relation", namespaces=NS)

    since = next_second()
    publish(LessonPage.objects.get(pk=original.pk))
    changed = changed_since(since, "oai_dc")
    assert set(changed) == {oai_id(original), oai_id(remix), course}
    assert not any(is_deleted(r) for r in changed.values())

    # Made private, then deleted: every container of the remix changes each time.
    since = next_second()
    PageViewRestriction.objects.create(page=remix, restriction_type="password", password="x")
    assert set(changed_since(since)) == {oai_id(remix), course, collection}
    PageViewRestriction.objects.filter(page=remix).delete()
    since = next_second()
    Page.objects.get(pk=remix.pk).delete()
    changed = changed_since(since)
    assert set(changed) == {oai_id(remix), course, collection}
    assert parts(changed[collection]) == [course]
    # A title change of a listed lesson changes nothing in its containers' records.
    since = next_second()
    original = LessonPage.objects.get(pk=original.pk)
    original.title = "Phương trình bậc hai (sửa)"
    publish(original)
    assert set(changed_since(since)) == {oai_id(original)}


@LIVE
def test_sets_select_their_records(endpoint, repository):
    _root, codes = get(endpoint, verb="ListSets")
    assert not codes
    with Scythe(endpoint) as scythe:
        specs = {s.setSpec for s in scythe.list_sets()}
    centre = repository.remix.centre
    centre_spec = f"province:{centre.province.slug}:centre:{centre.slug}"
    assert {
        "level",
        "subject",
        "province",
        "licence",
        "type",
        "subject:toan",
        centre_spec,
    } <= specs
    toan = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_="subject:toan"),
        "ListIdentifiers",
    )
    expected = set(
        LessonPage.objects.live()
        .public()
        .filter(subjects__slug="toan")
        .values_list("pk", flat=True)
    )
    expected |= set(
        CoursePage.objects.live()
        .public()
        .filter(subjects__slug="toan")
        .values_list("pk", flat=True)
    )
    assert {int(identifier_of(h).rsplit("/", 1)[1]) for h in toan} == expected
    in_centre = {
        identifier_of(h)
        for h in records_of(
            harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_=centre_spec),
            "ListIdentifiers",
        )
    }
    in_province = {
        identifier_of(h)
        for h in records_of(
            harvest(
                endpoint,
                "ListIdentifiers",
                metadata_prefix="oai_dc",
                set_=f"province:{centre.province.slug}",
            ),
            "ListIdentifiers",
        )
    }
    assert oai_id(repository.remix) in in_centre and in_centre <= in_province
    types = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_="type:collection"),
        "ListIdentifiers",
    )
    assert [identifier_of(h) for h in types] == [oai_id(repository.collection, "collection")]
    # A group is a set too: every record is in `type`, every record with a level in `level`.
    everything = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_="type"),
        "ListIdentifiers",
    )
    assert len(everything) == OaiRecord.objects.count()
    with_level = records_of(
        harvest(endpoint, "ListIdentifiers", metadata_prefix="oai_dc", set_="level"),
        "ListIdentifiers",
    )
    assert len(with_level) == sum(
        model.objects.live().public().filter(programme_levels__isnull=False).distinct().count()
        for model in (LessonPage, CoursePage)
    )
    # Headers name the most specific sets only; the ancestors are implied.
    specs = [s.text for s in toan[0].iterfind("oai:setSpec", NS)]
    assert "subject:toan" in specs and "subject" not in specs and "province" not in specs


@LIVE
def test_lom_and_dublin_core_carry_the_classification(endpoint, repository):
    remix, original = repository.remix, repository.original
    with Scythe(endpoint) as scythe:
        lom = scythe.get_record(identifier=oai_id(remix), metadata_prefix="lom").xml
        dc = scythe.get_record(identifier=oai_id(remix), metadata_prefix="oai_dc").metadata
        course = scythe.get_record(
            identifier=oai_id(repository.course, "course"), metadata_prefix="lom"
        ).xml

    def texts(path, node=lom):
        return [t.strip() for t in node.xpath(path, namespaces=NS)]

    assert texts(".//lom:general/lom:title/lom:string/text()") == [remix.title]
    assert texts(".//lom:general/lom:language/text()") == ["vi"]
    levels = texts(
        ".//lom:classification[lom:purpose/lom:value='educational level']"
        "//lom:taxon/lom:entry/lom:string/text()"
    )
    assert levels == ["Chương trình GDTX cấp THPT", "Lớp 10"]
    subjects = texts(
        ".//lom:classification[lom:purpose/lom:value='discipline']//lom:taxon/lom:id/text()"
    )
    assert subjects == ["toan"]
    assert texts(".//lom:educational/lom:learningResourceType/lom:value/text()") == [
        remix.resource_type.name
    ]
    assert texts(".//lom:educational/lom:typicalLearningTime/lom:duration/text()") == ["PT45M"]
    assert texts(".//lom:rights/lom:description/lom:string/text()") == [remix.licence.url]
    authors = texts(".//lom:contribute[lom:role/lom:value='author']/lom:entity/text()")
    assert [a.splitlines()[2] for a in authors] == ["FN:Lò Văn Sơn", "FN:Nguyễn Thị Mai"]
    publisher = texts(".//lom:contribute[lom:role/lom:value='publisher']/lom:entity/text()")[0]
    assert f"ORG:{remix.centre.name}" in publisher and remix.centre.province.name in publisher
    based_on = texts(
        ".//lom:relation[lom:kind/lom:value='isbasedon']/lom:resource/lom:identifier[lom:catalog='oai']/lom:entry/text()"
    )
    assert based_on == [oai_id(original)]
    parts = texts(
        ".//lom:relation[lom:kind/lom:value='haspart']//lom:identifier[lom:catalog='oai']/lom:entry/text()",
        course,
    )
    assert parts == [oai_id(remix), oai_id(original)]
    assert dc["title"] == [remix.title] and dc["creator"] == ["Lò Văn Sơn", "Nguyễn Thị Mai"]
    assert dc["rights"] == [remix.licence.name, remix.licence.url]
    assert dc["source"] == [f"{endpoint.removesuffix('/oai/')}/l/{original.pk}/"]
    assert dc["subject"] == ["Toán"] and dc["language"] == ["vi"]
    assert dc["publisher"] == [remix.centre.name] and dc["coverage"] == [
        remix.centre.province.name
    ]


@LIVE
def test_identifiers_survive_moves_and_renames(endpoint, repository, centre_b):
    lesson = repository.followed[3]
    identifier = oai_id(lesson)
    since = next_second()
    lesson.title, lesson.slug = "Bài đã đổi tên", "bai-da-doi-ten"
    publish(lesson)
    Page.objects.get(pk=lesson.pk).move(centre_b.library_page, pos="last-child")
    records = records_of(harvest(endpoint, metadata_prefix="oai_dc", from_=since))
    assert [identifier_of(r) for r in records] == [identifier]
    urls = records[0].xpath(".//dc:identifier/text()", namespaces=NS)
    assert urls[0].endswith(f"/{centre_b.library_page.slug}/bai-da-doi-ten/")
    assert urls[1].endswith(f"/l/{lesson.pk}/")


@LIVE
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_error_reaches_the_harvester_as_its_exception(endpoint, repository, method):
    """Each error code the provider can answer, raised by the harvester, by GET and by POST.
    (noMetadataFormats and noSetHierarchy are never answered: every record has both formats
    and the repository has sets; docs/interfaces.md.)"""
    lesson = repository.followed[0]
    with Scythe(endpoint, http_config=HTTPConfig(http_method=method)) as scythe:
        with pytest.raises(exceptions.IdDoesNotExist):
            scythe.get_record(identifier="oai:localhost:lesson/2147483647")
        with pytest.raises(exceptions.CannotDisseminateFormat):
            scythe.get_record(identifier=oai_id(lesson), metadata_prefix="marc21")
        with pytest.raises(exceptions.NoRecordsMatch):
            list(scythe.list_records(until="1990-01-01"))
        with pytest.raises(exceptions.BadArgument):
            list(scythe.list_records(from_="2026-13-45"))
        with pytest.raises(exceptions.BadArgument):
            list(scythe.list_records(from_="2026-02-01", until="2026-01-01"))
        with pytest.raises(exceptions.BadResumptionToken):
            list(scythe.list_records(resumption_token="khong-phai-ma"))
        with pytest.raises(exceptions.BadVerb):
            scythe.harvest({"verb": "ListEverything"})
        with pytest.raises(exceptions.IdDoesNotExist):
            list(scythe.list_metadata_formats(identifier="oai:localhost:course/1"))
        formats = {
            f.metadataPrefix for f in scythe.list_metadata_formats(identifier=oai_id(lesson))
        }
        assert formats == {"oai_dc", "lom"}
        identify = scythe.identify()
        assert (
            identify.deletedRecord == "persistent"
            and identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        )
        assert identify.protocolVersion == "2.0"


@LIVE
def test_oai_records_survive_an_out_of_band_sync(endpoint, repository):
    """A second sync changes nothing: no datestamp moves, so harvesters are not resent all."""
    before = dict(OaiRecord.objects.values_list("page_id", "datestamp"))
    call_command("sync_oai_records", stdout=io.StringIO())
    assert dict(OaiRecord.objects.values_list("page_id", "datestamp")) == before


# --- docs/faults.md row 25: bad requests, in process (no live server needed) ----------------


@pytest.fixture
def one_lesson(centre_a):
    lesson = LessonPageFactory(parent=centre_a.library_page, live=False, title="Phân số")
    return publish(lesson)


def _answer(client, method, params):
    response = client.post("/oai/", params) if method == "POST" else client.get("/oai/", params)
    assert response.status_code == 200
    return check(b"".join(response.streaming_content))


BAD_REQUESTS = [
    ({}, "badVerb"),
    ({"verb": "ListEverything"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": ["Identify", "ListSets"]}, "badVerb"),
    ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "lom"]}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": ["2026-01-01", "2026-01-02"]},
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-02-30"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2026-01-01T25:00:00Z"},
        "badArgument",
    ),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01T10:00:00"},
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "0000-00-00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "hôm qua"}, "badArgument"),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2026-02-01",
            "until": "2026-01-01",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2026-01-01",
            "until": "2026-01-02T00:00:00Z",
        },
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "môn toán"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "identifier": "x"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:localhost:lesson/1"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "a\x01b"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "x" * 10_000}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "khong-phai-ma"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "OAI_DC"}, "cannotDisseminateFormat"),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:localhost:lesson/99999999",
        },
        "idDoesNotExist",
    ),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:localhost:lesson/99999999999",
        },
        "idDoesNotExist",
    ),
    (
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "khong-phai-dinh-danh"},
        "idDoesNotExist",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "oai:localhost:lesson/0"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1990-01-01"}, "noRecordsMatch"),
    (
        {"verb": "ListRecords", "metadataPrefix": "lom", "set": "subject:khong-co-mon-nay"},
        "noRecordsMatch",
    ),
    (
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
        "noRecordsMatch",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("params", "code"), BAD_REQUESTS)
def test_bad_requests_get_the_protocol_error(client, one_lesson, method, params, code):
    root, codes = _answer(client, method, params)
    assert codes == [code]
    request = root.find("oai:request", NS)
    if code in ("badVerb", "badArgument"):
        assert not request.attrib  # arguments of a request not understood are not echoed


@pytest.mark.django_db
def test_every_set_a_header_names_selects_its_record(client, one_lesson):
    """Licence, level, subject, province and centre sets, by GET and POST."""
    lesson = one_lesson
    lesson.programme_levels.set([ProgrammeLevel.objects.get(slug="chuong-trinh-gdtx-cap-thpt")])
    lesson.subjects.set([Subject.objects.get(slug="toan")])
    publish(lesson)
    root, codes = _answer(
        client,
        "GET",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id(lesson)},
    )
    assert codes == []
    specs = {spec.text for spec in root.iterfind(".//oai:setSpec", NS)}
    centre = lesson.centre
    assert specs == {
        "type:lesson",
        "level:chuong-trinh-gdtx-cap-thpt",
        "subject:toan",
        f"licence:{lesson.licence.slug}",
        f"province:{centre.province.slug}:centre:{centre.slug}",
    }
    root, codes = _answer(client, "GET", {"verb": "ListSets"})
    listed = {spec.text for spec in root.iterfind(".//oai:setSpec", NS)}
    assert specs <= listed
    for spec in [*specs, f"province:{centre.province.slug}", "licence", "level"]:
        for method in ("GET", "POST"):
            root, codes = _answer(
                client, method, {"verb": "ListIdentifiers", "metadataPrefix": "lom", "set": spec}
            )
            assert codes == [], spec
            found = [i.text for i in root.iterfind(".//oai:identifier", NS)]
            assert found == [oai_id(lesson)], spec
    root, codes = _answer(
        client,
        "GET",
        {"verb": "ListIdentifiers", "metadataPrefix": "lom", "set": "licence:khong-co"},
    )
    assert codes == ["noRecordsMatch"]


@pytest.mark.django_db
def test_the_wrong_repository_and_kind_are_unknown_identifiers(client, one_lesson):
    for identifier in (
        f"oai:elsewhere.vn:lesson/{one_lesson.pk}",
        f"oai:localhost:course/{one_lesson.pk}",
    ):
        _root, codes = _answer(
            client,
            "GET",
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier},
        )
        assert codes == ["idDoesNotExist"]
    _root, codes = _answer(
        client,
        "GET",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_id(one_lesson)},
    )
    assert codes == []


@pytest.fixture
def split_list(settings, centre_a):
    """Three lessons, two records per response: every list has a resumption token."""
    settings.HLM_OAI_PAGE_SIZE = 2
    return [publish(LessonPageFactory(parent=centre_a.library_page, live=False)) for _ in range(3)]


def _token(client, verb="ListRecords"):
    root, codes = _answer(client, "GET", {"verb": verb, "metadataPrefix": "oai_dc"})
    assert codes == []
    return root.findtext(".//oai:resumptionToken", namespaces=NS)


@pytest.mark.django_db
def test_forged_and_misused_tokens_are_refused(client, split_list, settings):
    token = _token(client)
    _root, codes = _answer(client, "POST", {"verb": "ListRecords", "resumptionToken": token})
    assert codes == []
    payload = signing.loads(token, salt="content_models.oai.resumption")
    forged = [
        token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),  # tampered signature
        signing.dumps(
            {**payload, "c": 0}, salt="content_models.oai.resumption", key="another-key"
        ),
        signing.dumps({**payload, "i": "x"}, salt="content_models.oai.resumption", compress=True),
        signing.dumps(["not", "a", "state"], salt="content_models.oai.resumption"),
        signing.dumps(payload, salt="another-salt"),
    ]
    for bad in forged:
        _root, codes = _answer(client, "GET", {"verb": "ListRecords", "resumptionToken": bad})
        assert codes == ["badResumptionToken"], bad
    # A ListRecords token is no ListIdentifiers token.
    _root, codes = _answer(client, "GET", {"verb": "ListIdentifiers", "resumptionToken": token})
    assert codes == ["badResumptionToken"]


@pytest.mark.django_db
def test_expired_tokens_are_refused(client, split_list, settings):
    settings.HLM_OAI_TOKEN_SECONDS = 1
    token = _token(client, "ListIdentifiers")
    time.sleep(2.1)
    _root, codes = _answer(client, "GET", {"verb": "ListIdentifiers", "resumptionToken": token})
    assert codes == ["badResumptionToken"]


@pytest.mark.django_db
def test_identify_describes_the_identifier_scheme_when_the_repository_has_a_domain(
    client, one_lesson, settings
):
    settings.HLM_OAI_REPOSITORY_ID = "hoclieu.example.vn"
    settings.HLM_OAI_ADMIN_EMAIL = "hoclieu@example.vn"
    root, codes = _answer(client, "GET", {"verb": "Identify"})
    assert codes == []
    ns = {"id": "http://www.openarchives.org/OAI/2.0/oai-identifier", **NS}
    assert root.findtext(".//id:repositoryIdentifier", namespaces=ns) == "hoclieu.example.vn"
    assert root.findtext(".//oai:adminEmail", namespaces=NS) == "hoclieu@example.vn"
    root, codes = _answer(client, "GET", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert (
        root.findtext(".//oai:identifier", namespaces=NS)
        == f"oai:hoclieu.example.vn:lesson/{one_lesson.pk}"
    )


@pytest.mark.django_db
def test_head_and_other_methods(client, one_lesson):
    assert client.head("/oai/", {"verb": "Identify"}).status_code == 200
    assert client.put("/oai/?verb=Identify").status_code == 405
