"""Turns a source's lessons into the files of a pack: HTML pages, attachments, pictures,
the search index and the folding script. Writers (`writers.py`) then store them as a ZIP or
a ZIM. Every link between the files is relative, and nothing in them loads from a network, so
the unpacked ZIP opens from `file://` (see docs/offline-packs.md).
"""

import hashlib
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from bs4 import BeautifulSoup

from content_models.licensing import attribution_text
from content_models.offline.sources import PackError, lessons_of
from content_models.text import fold, vi_slugify
from media.models import CustomDocument
from media.renditions import PRESETS
from media.text import latin_fold_table

# Bumped when the pack's layout changes, so every pack's fingerprint changes with it.
BUILDER_VERSION = "3"  # 2: light versions of media; 3: ZIM index holds folded words
SEARCH_TEXT_LIMIT = 20_000
DOCUMENT_LINK = re.compile(r"^/documents/(\d+)/")
ALLOWED_SCHEMES = ("http", "https", "mailto")
# Elements that load something by themselves, or run code: never kept in a pack page.
DROPPED_TAGS = ("script", "style", "link", "iframe", "object", "embed", "template", "noscript")
LOADING_TAGS = ("video", "audio", "source", "track")


@dataclass
class PackFile:
    """One file of the pack: bytes made now, or a file already in a storage."""

    path: str
    data: bytes | None = None
    storage_name: str = ""
    storage: object = None
    size: int = 0
    title: str = ""
    mimetype: str = "application/octet-stream"
    front: bool = False
    # The words a ZIM's full-text index holds for this page (writers.FoldedIndexData).
    index_text: str = ""

    def read(self):
        if self.data is not None:
            return self.data
        with self.storage.open(self.storage_name, "rb") as handle:
            return handle.read()


@dataclass
class Pack:
    """All files of one pack, ready to be written; `lessons` are the pages it holds."""

    title: str
    slug: str
    description: str
    lessons: list
    fingerprint: str
    files: dict = field(default_factory=dict)

    @property
    def size(self):
        return sum(item.size for item in self.files.values())

    def add(self, item):
        self.files[item.path] = item
        return item

    def add_text(self, path, text, mimetype, title="", front=False, index_text=""):
        data = text.encode("utf-8")
        return self.add(
            PackFile(
                path,
                data,
                size=len(data),
                mimetype=mimetype,
                title=title,
                front=front,
                index_text=index_text,
            )
        )


def fingerprint(source, lessons, pack_format):
    """SHA-256 of what the pack shows: the source and each lesson's published revision."""
    parts = [BUILDER_VERSION, pack_format, str(source.pk), str(source.latest_revision_id)]
    for lesson in lessons:
        published = lesson.last_published_at.isoformat() if lesson.last_published_at else ""
        parts.append(f"{lesson.pk}:{lesson.live_revision_id}:{published}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def select_lessons(source, max_lessons):
    """The source's live, public lessons; PackError when there are none or too many."""
    lessons = lessons_of(source)
    if not lessons:
        raise PackError(
            _("“%(title)s” không có bài học nào đang công bố công khai.") % {"title": source.title}
        )
    if len(lessons) > max_lessons:
        raise PackError(
            _(
                "“%(title)s” có %(count)s bài học, vượt giới hạn %(limit)s bài "
                "của một gói ngoại tuyến."
            )
            % {"title": source.title, "count": len(lessons), "limit": max_lessons}
        )
    return lessons


def site_root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def _storage_size(storage, name):
    try:
        return storage.size(name)
    except OSError:
        return None


def fold_script_data():
    """What the pack's search script needs to fold exactly as `content_models.text.fold`:
    its per-character table for Latin letters (the fast path), and for the fallback the
    characters Python treats as combining marks and those whose casefold differs from
    lower-casing (ß → ss). Generated from Python's own tables at build time."""
    combining = [code for code in range(0x110000) if unicodedata.combining(chr(code))]
    ranges, start, previous = [], combining[0], combining[0]
    for code in combining[1:] + [None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        ranges.append(f"\\u{{{start:x}}}-\\u{{{previous:x}}}")
        if code is not None:
            start = previous = code
    casefold = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if char.casefold() != char.lower():
            casefold[char] = char.casefold()
    return {
        "table": {chr(code): folded for code, folded in latin_fold_table().items()},
        "casefold": casefold,
        "combining": "[" + "".join(ranges) + "]",
    }


class PackBuilder:
    """Builds the `Pack` of one source. `build()` raises PackError on bad input."""

    def __init__(self, source, pack_format, *, max_lessons, max_bytes, originals=False):
        self.source = source.specific
        self.format = pack_format
        # Light versions of videos, sound and large PDFs unless the builder asks for the
        # originals (docs/light-versions.md).
        self.originals = originals
        self.max_lessons = max_lessons
        self.max_bytes = max_bytes
        self.root_url = site_root_url()

    def build(self, lessons=None, progress=None):
        """`progress(done, total)`, when given, is called after each lesson."""
        lessons = lessons if lessons is not None else select_lessons(self.source, self.max_lessons)
        self.lessons = lessons
        self.pack = Pack(
            title=self.source.title,
            slug=self.source.slug,
            description=getattr(self.source, "summary", "") or self.source.title,
            lessons=lessons,
            fingerprint=fingerprint(self.source, lessons, self.format),
        )
        self.lesson_paths = {
            lesson.pk: f"lessons/{index:03d}-{lesson.slug[:60]}.html"
            for index, lesson in enumerate(lessons, start=1)
        }
        self.url_paths = {}
        for lesson in lessons:
            url = lesson.get_url()
            if url:
                self.url_paths[urlsplit(url).path] = self.lesson_paths[lesson.pk]
        self.documents = {}
        entries = []
        built_at = timezone.now()
        for index, lesson in enumerate(lessons):
            entries.append(self.add_lesson(lesson, index, built_at))
            if progress is not None:
                progress(index + 1, len(lessons))
        self.add_index(entries, built_at)
        self.check_size()
        return self.pack

    # --- files ---------------------------------------------------------------------------
    def check_size(self):
        if self.pack.size > self.max_bytes:
            raise PackError(
                _("Gói ngoại tuyến sẽ nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
                % {
                    "size": round(self.pack.size / 1_000_000, 1),
                    "limit": round(self.max_bytes / 1_000_000, 1),
                }
            )

    def add_stored(self, path, storage, name, mimetype, title=""):
        if path in self.pack.files:
            return path
        size = _storage_size(storage, name)
        if size is None:
            return None  # missing from storage: the page is built without it
        self.pack.add(
            PackFile(
                path, storage_name=name, storage=storage, size=size, mimetype=mimetype, title=title
            )
        )
        self.check_size()
        return path

    def add_document(self, document, label):
        """files/<id>-<slug of the label>.<ext>, once per document however often it is used:
        its light version when it has one, unless the pack is built with originals."""
        if document.pk in self.documents:
            return self.documents[document.pk]
        light = not self.originals and document.has_light_version
        field = document.light_file if light else document.file
        mimetype = document.light_mime_type if light else document.mime_type
        extension = posixpath.splitext(field.name)[1].lower()
        stem = vi_slugify(label or document.title, 60) or "tep"
        path = self.add_stored(
            f"files/{document.pk}-{stem}{extension}",
            field.storage,
            field.name,
            mimetype or "application/octet-stream",
            title=label or document.title,
        )
        self.documents[document.pk] = path
        return path

    def add_media(self, name):
        """A rendition or other file under MEDIA_URL, as images/<its file name>."""
        storage_name = unquote(name)
        path = f"images/{posixpath.basename(storage_name)}"
        extension = posixpath.splitext(path)[1].lstrip(".").lower()
        mimetype = {"webp": "image/webp", "png": "image/png", "gif": "image/gif"}.get(
            extension, "image/jpeg"
        )
        return self.add_stored(path, default_storage, storage_name, mimetype)

    def cover(self, page):
        if not page.cover_image_id:
            return None
        try:
            rendition = page.cover_image.get_rendition(PRESETS["cover"].default_spec)
        except Exception:  # a missing or unreadable original: the page goes without its cover
            return None
        return self.add_media(rendition.file.name)

    # --- pages ---------------------------------------------------------------------------
    def relative(self, from_path, to_path):
        return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")

    def clean_body(self, html, page_path):
        """The lesson body as rendered by the site's block templates, made self-contained:
        pictures copied in, documents linked to their copy, site links made absolute or
        pointed at the pack's own page, and anything that would load from elsewhere removed."""
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(DROPPED_TAGS):
            tag.decompose()
        for picture in soup.find_all("picture"):
            picture.unwrap()
        for tag in soup.find_all(LOADING_TAGS):
            tag.decompose()
        media_url = settings.MEDIA_URL
        for img in soup.find_all("img"):
            src = urlsplit(img.get("src", "")).path
            stored = self.add_media(src[len(media_url) :]) if src.startswith(media_url) else None
            if not stored:
                img.decompose()
                continue
            img["src"] = self.relative(page_path, stored)
            for attribute in ("srcset", "sizes"):
                img.attrs.pop(attribute, None)
        for tag in soup.find_all(True):
            for attribute in list(tag.attrs):
                value = str(tag.attrs[attribute])
                loads = attribute in ("srcset", "poster", "background")
                loads = loads or (attribute == "style" and "url(" in value.lower())
                if loads or attribute.startswith("on"):
                    del tag.attrs[attribute]
        for link in soup.find_all("a", href=True):
            link["href"] = self.pack_href(link["href"], page_path)
            link.attrs.pop("data-embed", None)
        return str(soup)

    def pack_href(self, href, page_path):
        parts = urlsplit(href)
        if href.startswith("#"):
            return href
        if parts.scheme and parts.scheme not in ALLOWED_SCHEMES:
            return "#"
        if parts.scheme or parts.netloc:
            return href
        match = DOCUMENT_LINK.match(parts.path)
        if match:
            document = CustomDocument.objects.filter(pk=int(match.group(1))).first()
            stored = self.add_document(document, document.title) if document else None
            if stored:
                return self.relative(page_path, stored)
        if parts.path in self.url_paths:
            return self.relative(page_path, self.url_paths[parts.path])
        return urljoin(self.root_url + "/", href) if self.root_url else href

    def credits(self, lesson):
        return attribution_text(
            title=lesson.title,
            authors=lesson.author_list,
            centre=lesson.centre.name if lesson.centre_id else "",
            url=lesson.get_full_url() or "",
            licence_name=lesson.licence.name,
            licence_url=lesson.licence.url,
            derivative=False,
        )

    def add_lesson(self, lesson, index, built_at):
        path = self.lesson_paths[lesson.pk]
        attachments = []
        for attachment in lesson.attachments.select_related("document"):
            stored = self.add_document(attachment.document, attachment.display_title)
            if stored:
                attachments.append(
                    {
                        "title": attachment.display_title,
                        "href": self.relative(path, stored),
                        "size": self.pack.files[stored].size,
                        "extension": posixpath.splitext(stored)[1].lstrip(".").upper(),
                    }
                )
        cover = self.cover(lesson)
        body = self.clean_body(str(lesson.body), path) if lesson.body else ""
        previous_lesson = self.lessons[index - 1] if index > 0 else None
        next_lesson = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        context = {
            "pack": self.pack,
            "lesson": lesson,
            "body": body,
            "attachments": attachments,
            "cover": self.relative(path, cover) if cover else "",
            "attribution": self.credits(lesson),
            "online_url": lesson.get_full_url() or "",
            "home": self.relative(path, "index.html"),
            "css": self.relative(path, "pack.css"),
            "previous": previous_lesson
            and {
                "title": previous_lesson.title,
                "href": self.relative(path, self.lesson_paths[previous_lesson.pk]),
            },
            "next": next_lesson
            and {
                "title": next_lesson.title,
                "href": self.relative(path, self.lesson_paths[next_lesson.pk]),
            },
            "built_at": built_at,
        }
        text = " ".join(
            [
                lesson.title,
                lesson.summary,
                lesson.learning_objectives,
                " ".join(tag.name for tag in lesson.keywords.all()),
                " ".join(row["title"] for row in attachments),
                BeautifulSoup(body, "html.parser").get_text(" "),
            ]
        )
        self.pack.add_text(
            path,
            render_to_string("offline/lesson.html", context),
            "text/html",
            title=lesson.title,
            front=True,
            index_text=text,
        )
        return {
            "lesson": lesson,
            "href": path,
            "cover": cover or "",
            "attribution": context["attribution"],
            "search": {
                "t": lesson.title,
                "u": path,
                "s": lesson.summary[:200],
                "f": " ".join(fold(text).split())[:SEARCH_TEXT_LIMIT],
            },
        }

    def add_index(self, entries, built_at):
        cover = self.cover(self.source) if hasattr(self.source, "cover_image_id") else None
        context = {
            "pack": self.pack,
            "source": self.source,
            "entries": entries,
            "cover": cover or "",
            "online_url": self.source.get_full_url() or "",
            "home": "index.html",
            "css": "pack.css",
            "built_at": built_at,
        }
        self.pack.add_text(
            "index.html",
            render_to_string("offline/index.html", context),
            "text/html",
            title=self.source.title,
            front=True,
        )
        self.pack.add_text("pack.css", render_to_string("offline/pack.css", {}), "text/css")
        index = json.dumps([entry["search"] for entry in entries], ensure_ascii=False)
        self.pack.add_text(
            "search-index.js", f"window.HLM_PACK_INDEX = {index};\n", "application/javascript"
        )
        data = fold_script_data()
        context = {
            name: json.dumps(value, ensure_ascii=True, sort_keys=True)
            for name, value in data.items()
        }
        self.pack.add_text(
            "search.js",
            render_to_string("offline/search.js", context),
            "application/javascript",
        )


def build_pack(
    source,
    pack_format,
    *,
    max_lessons=None,
    max_bytes=None,
    lessons=None,
    originals=False,
    progress=None,
):
    """The Pack of `source`; caps default to HLM_OFFLINE_PACK_MAX_LESSONS / _MAX_BYTES.
    Documents go in as their light versions unless `originals`."""
    builder = PackBuilder(
        source,
        pack_format,
        max_lessons=max_lessons or settings.HLM_OFFLINE_PACK_MAX_LESSONS,
        max_bytes=max_bytes or settings.HLM_OFFLINE_PACK_MAX_BYTES,
        originals=originals,
    )
    return builder.build(lessons, progress=progress)
