"""A size cap enforced while the upload streams in, before any handler keeps the bytes.

Django's default handlers spool every uploaded byte to memory or a temporary file, and the
form's size check only runs afterwards (the CVE-2023-28837 class of bug in Wagtail). This
handler sits first in FILE_UPLOAD_HANDLERS: once a file passes its cap it stops handing chunks
to the handlers after it and only counts what is left of the stream (64 KB at a time, so the
worker's memory stays flat). The file then reaches the form as an `OversizeUpload`, an empty
stand-in the media form fields turn into a Vietnamese "file too large" error naming the cap.

A multipart body sent with `Transfer-Encoding: chunked` and no Content-Length is refused
outright with a 400: Django (WSGI and ASGI alike) treats such a body as empty, so without this
the upload would silently vanish into a misleading "this field is required".
"""

import logging
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve

logger = logging.getLogger("hlm.media")

IMAGE_NAMESPACES = {"wagtailimages", "wagtailimages_chooser"}
DOCUMENT_NAMESPACES = {"wagtaildocs", "wagtaildocs_chooser"}


class OversizeUpload(UploadedFile):
    """Stands in for a file whose bytes were dropped because it passed its size cap."""

    hlm_oversize = True

    def __init__(self, name, content_type, size, charset, cap):
        super().__init__(BytesIO(), name, content_type, size, charset)
        self.hlm_size_cap = cap


def image_cap():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)


def document_cap():
    return getattr(settings, "HLM_MAX_DOCUMENT_BYTES", None)


def cap_for_request(request):
    """The cap of the upload view the request goes to; the larger cap anywhere else."""
    try:
        match = request.resolver_match or resolve(request.path_info)
        namespaces = set(match.namespaces)
    except (Resolver404, AttributeError):
        namespaces = set()
    if namespaces & IMAGE_NAMESPACES:
        return image_cap()
    if namespaces & DOCUMENT_NAMESPACES:
        return document_cap()
    caps = [cap for cap in (image_cap(), document_cap()) if cap]
    return max(caps) if caps else None


class UploadSizeCapHandler(FileUploadHandler):
    """Drops the bytes of any uploaded file past the cap of the view it is sent to."""

    def __init__(self, request=None):
        super().__init__(request)
        meta = request.META if request is not None else {}
        chunked = "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not meta.get("CONTENT_LENGTH"):
            logger.warning(
                "Refused a chunked upload without Content-Length to %s",
                meta.get("PATH_INFO", "?"),
            )
            raise MultiPartParserError(
                "A multipart upload needs a Content-Length; chunked bodies are refused."
            )
        self.cap = None
        self.oversize = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.cap = cap_for_request(self.request)

    def new_file(self, field_name, file_name, content_type, content_length, charset=None,
                 content_type_extra=None):  # fmt: skip
        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        self.received = 0
        # A part that declares its own length (rare) can be refused before its first byte.
        self.oversize = bool(self.cap and content_length and content_length > self.cap)

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if not self.oversize and self.cap and self.received > self.cap:
            self.oversize = True
            logger.warning(
                "Upload %r passed the %s-byte cap of %s; dropping the rest",
                self.file_name,
                self.cap,
                self.request.path_info if self.request else "?",
            )
        # None stops the chunk here: the spooling handlers after this one never see it.
        return None if self.oversize else raw_data

    def file_complete(self, file_size):
        if not self.oversize:
            return None  # let the next handler hand over the file it kept
        return OversizeUpload(self.file_name, self.content_type, file_size, self.charset, self.cap)
