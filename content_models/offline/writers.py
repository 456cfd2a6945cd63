"""Writes a `Pack` as a ZIP (the static site) or a ZIM (Kiwix), atomically: to a temporary
file beside the target, renamed when complete, so a killed job never leaves half a pack."""

import io
import os
import tempfile
import zipfile
from contextlib import contextmanager

from django.utils import timezone

from libzim.writer import Creator, Hint, Item, StringProvider
from PIL import Image

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
