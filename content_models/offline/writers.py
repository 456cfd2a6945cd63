"""Writes a `Pack` as a ZIP (the static site) or a ZIM (Kiwix), atomically: to a temporary
file beside the target, renamed when complete, so a killed job never leaves half a pack."""

import io
import os
import tempfile
import zipfile
from contextlib import contextmanager

from django.utils import timezone

from bs4 import BeautifulSoup
from libzim.writer import Creator, Hint, IndexData, Item, StringProvider
from PIL import Image

from content_models.text import fold

# Already compressed: stored as is, which saves the time of deflating them again.
STORED_EXTENSIONS = (
    ".webp",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".pdf",
    ".zip",
    ".mp4",
    ".mp3",
    ".docx",
    ".pptx",
    ".xlsx",
)
ZIM_LANGUAGE = "vie"  # ISO 639-3, as Kiwix expects


@contextmanager
def atomic_output(path):
    """A temporary path in the target's folder, renamed to `path` only on success."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".pack-", suffix=".part", dir=folder)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_zip(pack, path):
    stamp = timezone.localtime().timetuple()[:6]
    with (
        atomic_output(path) as temporary,
        zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in pack.files.values():
            stored = item.path.lower().endswith(STORED_EXTENSIONS)
            info = zipfile.ZipInfo(item.path, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, item.read())
    return os.path.getsize(path)


class FoldedIndexData(IndexData):
    """What the ZIM's full-text index holds for a page: its words as written and folded
    (`content_models.text.fold`: no diacritics, đ → d). libzim's own HTML indexing folds
    diacritics but not đ, and Debian's kiwix-serve 3.3 does not fold the typed query, so with
    the page alone "dao ham" found nothing and "diệp lục" only typed without diacritics; with
    both forms indexed every spelling is found (docs/offline-packs.md, "ZIM")."""

    def __init__(self, title, text):
        super().__init__()
        self.title = title
        words = " ".join(text.split())
        self.content = f"{words}\n{fold(words)}"

    def has_indexdata(self):
        return True

    def get_title(self):
        return self.title

    def get_content(self):
        return self.content

    def get_keywords(self):
        return ""

    def get_wordcount(self):
        return len(self.content.split())

    def get_geoposition(self):
        return None


class PackItem(Item):
    """One pack file as a ZIM entry; HTML pages are front articles (title search, random)."""

    def __init__(self, item):
        super().__init__()
        self.item = item

    def get_path(self):
        return self.item.path

    def get_title(self):
        return self.item.title or ""

    def get_mimetype(self):
        return self.item.mimetype

    def get_contentprovider(self):
        return StringProvider(self.item.read())

    def get_indexdata(self):
        """Front pages: the builder's words (a lesson's title, summary, objectives, keywords,
        attachment titles and body), else the page's text; other files are not indexed."""
        if not (self.item.front and self.item.mimetype == "text/html"):
            return None
        text = self.item.index_text or BeautifulSoup(self.item.read(), "html.parser").get_text(" ")
        return FoldedIndexData(self.get_title(), text)

    def get_hints(self):
        return {
            Hint.FRONT_ARTICLE: bool(self.item.front),
            Hint.COMPRESS: self.item.mimetype.startswith(("text/", "application/javascript")),
        }


def _illustration():
    """The 48×48 PNG Kiwix shows in its library."""
    output = io.BytesIO()
    Image.new("RGB", (48, 48), (11, 92, 173)).save(output, "PNG")
    return output.getvalue()


def write_zim(pack, path):
    with atomic_output(path) as temporary:
        os.unlink(temporary)  # libzim creates the file itself
        creator = Creator(temporary).config_indexing(True, ZIM_LANGUAGE)
        with creator:
            creator.set_mainpath("index.html")
            creator.add_illustration(48, _illustration())
            metadata = {
                "Name": f"hlm_{pack.slug}"[:60],
                "Title": pack.title[:30],
                "Description": (pack.description or pack.title)[:80],
                "Language": ZIM_LANGUAGE,
                "Creator": "Học liệu mở GDTX",
                "Publisher": "Học liệu mở GDTX",
                "Date": timezone.localdate().isoformat(),
                "Tags": "_category:other;_ftindex:yes;_pictures:yes",
            }
            for name, value in metadata.items():
                creator.add_metadata(name, value)
            for item in pack.files.values():
                creator.add_item(PackItem(item))
    return os.path.getsize(path)


WRITERS = {"zip": write_zip, "zim": write_zim}


def write_pack(pack, pack_format, path):
    """Writes the pack and returns the file's size in bytes."""
    return WRITERS[pack_format](pack, path)
