"""Content sniffing on its own (no database), and the media system checks."""

import io
import zipfile

from django.core.checks import Error

import pytest
from PIL import Image

from media import checks, sniffing

from . import files


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (files.pdf_bytes(1), sniffing.PDF),
        (files.ooxml_bytes("docx"), sniffing.DOCX),
        (files.ooxml_bytes("pptx"), sniffing.PPTX),
        (files.ooxml_bytes("xlsx"), sniffing.XLSX),
        (files.odf_bytes("text"), sniffing.ODT),
        (files.odf_bytes("presentation"), sniffing.ODP),
        (files.mp4_bytes(), sniffing.MP4),
        (files.webm_bytes(), sniffing.WEBM),
        (files.mp3_bytes(), sniffing.MP3),
        (files.ogg_bytes(), sniffing.OGG),
        (files.jpeg_bytes(), sniffing.JPEG),
        (files.png_bytes(), sniffing.PNG),
        (files.webp_bytes(), sniffing.WEBP),
        (files.gif_bytes(), sniffing.GIF),
    ],
)
def test_allowed_formats_are_recognised(content, kind):
    assert sniffing.sniff(io.BytesIO(content)) is kind


def _zip(members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (files.HTML_PDF, "trang HTML có mã <script>"),
        (b"\xef\xbb\xbf  <html><body>hi</body></html>", "trang HTML"),
        (files.EVIL_SVG, "ảnh vector SVG"),
        (files.WINDOWS_EXE, "chương trình chạy được của Windows"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "chương trình chạy được của Linux"),
        (b"#!/bin/sh\nrm -rf /\n", "tập lệnh"),
        (b"<?php system($_GET['c']); ?>", "mã nguồn PHP"),
        (files.fits_bytes(), "ảnh thiên văn FITS"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Office đời cũ"),
        (_zip({"a.txt": "x"}), "tệp nén ZIP"),
        (_zip({"META-INF/MANIFEST.MF": "x", "a.class": "x"}), "gói Java"),
        (_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "opendocument"),
        (files.ooxml_bytes("docx", macros=True), "có macro"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "không phải video MP4"),
        (bytes.fromhex("1a45dfa3") + bytes.fromhex("a3428288") + b"matroska", "Matroska"),
        (b"Xin ch\xc3\xa0o c\xc3\xa1c b\xe1\xba\xa1n\n" * 10, "văn bản thuần"),
        (b"", "tệp rỗng"),
        (bytes(range(256)) * 4, "không xác định"),
    ],
)
def test_refused_content_is_named(content, found):
    stream = io.BytesIO(content)
    assert sniffing.sniff(stream) is None
    assert found in sniffing.describe(stream)
    assert stream.tell() == 0


def test_pdf_header_must_come_first():
    assert sniffing.sniff(io.BytesIO(b"<html>" + files.pdf_bytes(1))) is None


def test_mp3_after_a_large_id3_tag():
    tag_body = b"\x00" * 20_000  # cover art pushes the first frame past the sniffed head
    size = len(tag_body)
    synchsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    content = b"ID3\x03\x00\x00" + synchsafe + tag_body + b"\xff\xfb\x90\x64" + b"\x00" * 100
    assert sniffing.sniff(io.BytesIO(content)) is sniffing.MP3
    assert sniffing.sniff(io.BytesIO(content[:-104] + b"\xff\xf1\x50\x80" + b"\x00" * 100)) is None


def test_pixel_cap_check(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    assert checks.pixel_cap_check(None) == []
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
    assert [error.id for error in checks.pixel_cap_check(None)] == ["media.E001"]


def test_media_root_check(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert checks.media_root_check(None) == []
    settings.MEDIA_ROOT = str(settings.BASE_DIR / "var" / "media")
    assert checks.media_root_check(None) == []
    for inside in (settings.BASE_DIR, settings.BASE_DIR / "media", settings.BASE_DIR / "themes"):
        settings.MEDIA_ROOT = str(inside)
        result = checks.media_root_check(None)
        assert len(result) == 1 and isinstance(result[0], Error) and result[0].id == "media.E002"


def test_upload_handler_check(settings):
    assert checks.upload_handler_check(None) == []
    settings.FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
    assert [warning.id for warning in checks.upload_handler_check(None)] == ["media.W003"]


def test_pillow_bomb_guard_follows_the_pixel_cap(settings):
    """Every Image.open in the process (renditions too) refuses what is over twice the cap."""
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(files.pixel_bomb_jpeg(claimed=9000)))
