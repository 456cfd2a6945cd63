"""What a file really is, from its bytes: never from its name or the browser's Content-Type.

`sniff()` answers one of the allowed kinds (PDF, the OOXML/ODF office formats, MP4, WebM, MP3,
OGG, JPEG, PNG, WebP, GIF) or None; `describe()` says in Vietnamese what a refused file looks
like ("trang HTML có mã <script>", "chương trình Windows (EXE)") so the refusal can name it.
Zip-based office files are recognised from inside the archive (`[Content_Types].xml` and its
main part for OOXML, the stored `mimetype` entry for ODF), reading at most a few kilobytes.
"""

import zipfile
from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192
# Largest zip member read while classifying an office file (decompressed bytes).
ZIP_MEMBER_LIMIT = 512 * 1024


@dataclass(frozen=True)
class FileKind:
    """An allowed format: its MIME type, the extension stored files get and a short label."""

    mime: str
    extension: str
    label: str

    @property
    def is_image(self):
        return self.mime in IMAGE_MIME_TYPES


PDF = FileKind("application/pdf", "pdf", "PDF")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
)
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", "PPTX"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX"
)
ODT = FileKind("application/vnd.oasis.opendocument.text", "odt", "ODT")
ODP = FileKind("application/vnd.oasis.opendocument.presentation", "odp", "ODP")
MP4 = FileKind("video/mp4", "mp4", "MP4")
WEBM = FileKind("video/webm", "webm", "WebM")
MP3 = FileKind("audio/mpeg", "mp3", "MP3")
OGG = FileKind("audio/ogg", "ogg", "OGG")
OGG_VIDEO = FileKind("video/ogg", "ogv", "OGG")
JPEG = FileKind("image/jpeg", "jpg", "JPEG")
PNG = FileKind("image/png", "png", "PNG")
WEBP = FileKind("image/webp", "webp", "WebP")
GIF = FileKind("image/gif", "gif", "GIF")

DOCUMENT_KINDS = (PDF, DOCX, PPTX, XLSX, ODT, ODP, MP4, WEBM, MP3, OGG, OGG_VIDEO)
IMAGE_KINDS = (JPEG, PNG, WEBP, GIF)
ALL_KINDS = DOCUMENT_KINDS + IMAGE_KINDS
IMAGE_MIME_TYPES = frozenset(kind.mime for kind in IMAGE_KINDS)
KIND_BY_MIME = {kind.mime: kind for kind in ALL_KINDS}
# Pillow's format names, used to restrict Image.open before anything is decoded.
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}


def allowed_labels(kinds):
    """'PDF, DOCX, …' without repeats (two OGG kinds)."""
    return ", ".join(dict.fromkeys(kind.label for kind in kinds))


def read_at(fileobj, offset, size):
    """`size` bytes at `offset`, leaving the file rewound (uploads are re-read later)."""
    fileobj.seek(offset)
    data = fileobj.read(size)
    fileobj.seek(0)
    return data or b""


def sniff(fileobj):
    """The allowed FileKind the content matches, or None."""
    head = read_at(fileobj, 0, HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(fileobj)
    if head[4:8] == b"ftyp":
        return MP4 if head[8:12] in MP4_BRANDS else None
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM if _ebml_doctype(head) == b"webm" else None
    if head.startswith(b"OggS"):
        return _ogg_kind(head)
    if _is_mp3(fileobj, head):
        return MP3
    return None


# ISO base media brands that browsers play as MP4 video (not QuickTime, 3GP, HEIC or M4A).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"MSNV",
}


def _office_kind(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = _zip_member(archive, "mimetype").strip()
                return {ODT.mime.encode(): ODT, ODP.mime.encode(): ODP}.get(declared)
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macro-enabled office file
            content_types = _zip_member(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    if b"macroEnabled" in content_types:
        return None
    main_parts = {
        b"wordprocessingml.document.main+xml": (DOCX, "word/"),
        b"presentationml.presentation.main+xml": (PPTX, "ppt/"),
        b"spreadsheetml.sheet.main+xml": (XLSX, "xl/"),
    }
    for marker, (kind, folder) in main_parts.items():
        if marker in content_types and any(name.startswith(folder) for name in names):
            return kind
    return None


def _zip_member(archive, name):
    with archive.open(name) as member:
        return member.read(ZIP_MEMBER_LIMIT)


def _ebml_doctype(head):
    """The EBML DocType ('webm', 'matroska') from the first header bytes."""
    index = head.find(b"\x42\x82", 4, 64)
    if index < 0 or index + 3 > len(head):
        return b""
    size_byte = head[index + 2]
    if not size_byte & 0x80:
        return b""
    size = size_byte & 0x7F
    return head[index + 3 : index + 3 + size]


def _ogg_kind(head):
    first_page = head[:512]
    if b"\x01vorbis" in first_page or b"OpusHead" in first_page or b"\x7fFLAC" in first_page:
        return OGG
    if b"\x80theora" in first_page:
        return OGG_VIDEO
    return None


def _is_mpeg_layer3_frame(header):
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return False
    version = (header[1] >> 3) & 0b11
    layer = (header[1] >> 1) & 0b11
    bitrate = header[2] >> 4
    sample_rate = (header[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 15) and sample_rate != 3


def _is_mp3(fileobj, head):
    offset = 0
    if head.startswith(b"ID3") and len(head) >= 10:
        # ID3v2 tag: a synchsafe size, then (often after cover art) the first MPEG frame.
        size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        offset = 10 + size + (10 if head[5] & 0x10 else 0)
        # Some encoders pad after the tag: look a little further for the frame sync.
        window = read_at(fileobj, offset, 4096)
        sync = window.find(b"\xff")
        while 0 <= sync < len(window) - 4:
            if _is_mpeg_layer3_frame(window[sync : sync + 4]):
                return True
            sync = window.find(b"\xff", sync + 1)
        return False
    return _is_mpeg_layer3_frame(head[:4])


HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")


def describe(fileobj):
    """Vietnamese words for what a refused file contains."""
    head = read_at(fileobj, 0, HEAD_BYTES)
    if not head:
        return "tệp rỗng"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        markup = text[:4096]
        if b"<svg" in markup:
            return "ảnh vector SVG (có thể chứa mã JavaScript)"
        if any(tag in markup for tag in HTML_MARKERS):
            return "trang HTML có mã <script>" if b"<script" in text else "trang HTML"
    if text.startswith(b"<?php"):
        return "mã nguồn PHP"
    if text.startswith(b"<?xml"):
        return "tệp XML"
    if head.startswith(b"MZ"):
        return "chương trình chạy được của Windows (EXE/DLL)"
    if head.startswith(b"\x7fELF"):
        return "chương trình chạy được của Linux (ELF)"
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xcf\xfa\xed\xfe",
        b"\xce\xfa\xed\xfe",
    ):
        return "chương trình chạy được của macOS"
    if head.startswith(b"#!"):
        return "tập lệnh (script)"
    if head.startswith(b"SIMPLE  ="):
        return "ảnh thiên văn FITS"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "tài liệu Office đời cũ (DOC/XLS/PPT); hãy lưu lại thành DOCX/XLSX/PPTX"
    if head.startswith(b"PK\x03\x04"):
        return _describe_zip(fileobj)
    if head[4:8] == b"ftyp":
        brand = head[8:12].decode("latin-1").strip() or "?"
        return f"tệp ISO media nhãn “{brand}” (QuickTime, 3GP, HEIC, M4A…), không phải video MP4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video Matroska (MKV)"
    guessed = filetype.guess(head)
    if guessed is not None:
        return f"{guessed.extension.upper()} ({guessed.mime})"
    if _looks_like_text(head):
        return "văn bản thuần (text)"
    return "định dạng không xác định"


def _describe_zip(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = _zip_member(archive, "mimetype").strip().decode("ascii", "replace")
                return f"tệp nén có kiểu “{declared}”"
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "tài liệu Office có macro (DOCM/XLSM/PPTM)"
            if "[Content_Types].xml" in names:
                return "tài liệu Office không được hỗ trợ (không phải DOCX, PPTX hay XLSX)"
            if "META-INF/MANIFEST.MF" in names:
                return "gói Java (JAR/APK)"
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return "tệp nén ZIP bị hỏng"
    finally:
        fileobj.seek(0)
    return "tệp nén ZIP"


def _looks_like_text(head):
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(1 for char in decoded if char.isprintable() or char in "\r\n\t")
    return printable >= 0.95 * len(decoded)
