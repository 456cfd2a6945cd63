"""Public serving of documents and image renditions.

Documents: same URL shape as Wagtail's `wagtaildocs_serve` (mounted before it, so every
`document.url` lands here), same privacy (the `before_serve_document` hooks, which enforce
collection view restrictions) and the same `document_served` signal, plus:
- the sniffed Content-Type, `nosniff` and `Content-Security-Policy: default-src 'none'`;
- `inline` only for types browsers render without running scripts (PDF, audio, video,
  raster images), `attachment` for everything else;
- no counting here: `content_models` counts downloads from the `document_served` signal;
- byte ranges, which phones need to play and seek a video;
- 404, logged, when the file has gone from storage.
The light version of a document (`documents/<id>/light/<name>`, docs/light-versions.md) is
served the same way, under the same hooks as its original.
Images: Wagtail's ServeView, answering 404 instead of 410/500 when the original or the
rendition file is missing.
"""

import logging
import posixpath
import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import condition, require_safe

from wagtail import hooks
from wagtail.documents.models import document_served
from wagtail.images.models import SourceImageIOError
from wagtail.images.views.serve import ServeView

from .models import CustomDocument

logger = logging.getLogger("hlm.media")

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
STREAM_CHUNK = 64 * 1024


def _security_headers(response, disposition):
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = disposition
    response["Accept-Ranges"] = "bytes"
    return response


def _parse_range(header, size):
    """(start, end) inclusive for one satisfiable range, None for no/ignored range,
    or 'unsatisfiable'."""
    match = RANGE_RE.match(header.strip()) if header else None
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:  # suffix range: the last N bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        return "unsatisfiable"
    return start, end


def _file_chunks(handle, start, length):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(STREAM_CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def _run_serve_hooks(document, request):
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    return None


@require_safe
def serve_document(request, document_id, document_filename):
    document = get_object_or_404(CustomDocument, id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")
    blocked = _run_serve_hooks(document, request)
    if blocked is not None:
        return blocked
    return _serve_file(
        request,
        document,
        document.file,
        content_type=document.content_type,
        disposition=document.content_disposition,
        etag=document.file_hash or None,
    )


@require_safe
def serve_light_version(request, document_id, document_filename):
    """The light version (media/light/), with the original's privacy: the same hooks decide,
    for the same document. 404 when there is none (yet)."""
    document = get_object_or_404(CustomDocument, id=document_id)
    if not document.has_light_version or (
        posixpath.basename(document.light_file.name) != document_filename
    ):
        raise Http404("This document has no such light version.")
    blocked = _run_serve_hooks(document, request)
    if blocked is not None:
        return blocked
    return _serve_file(
        request,
        document,
        document.light_file,
        content_type=document.light_mime_type or "application/octet-stream",
        disposition=document.light_content_disposition,
        etag=posixpath.basename(document.light_file.name),
    )


def _serve_file(request, document, field, *, content_type, disposition, etag):
    storage, name = field.storage, field.name
    if not name or not storage.exists(name):
        logger.warning("Document %s: file %r is missing from storage", document.pk, name)
        raise Http404("Tệp của tài liệu này không còn trên máy chủ.")

    @condition(etag_func=lambda request: etag)
    def respond(request):
        document_served.send(sender=CustomDocument, instance=document, request=request)
        size = storage.size(name)
        byte_range = _parse_range(request.headers.get("Range", ""), size)
        if byte_range == "unsatisfiable":
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _security_headers(response, disposition)
        handle = storage.open(name, "rb")
        if byte_range is None:
            response = FileResponse(handle, content_type=content_type)
            response["Content-Length"] = size
        else:
            start, end = byte_range
            response = StreamingHttpResponse(
                _file_chunks(handle, start, end - start + 1),
                status=206,
                content_type=content_type,
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = end - start + 1
        return _security_headers(response, disposition)

    return respond(request)


class ImageServeView(ServeView):
    """Wagtail's dynamic image serve view; a missing file is a 404, never a 410 or a 500."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        try:
            response = super().get(request, signature, image_id, filter_spec, filename)
        except (SourceImageIOError, FileNotFoundError) as error:
            logger.warning("Image %s (%s): %s", image_id, filter_spec, error)
            raise Http404("Ảnh không còn trên máy chủ.") from error
        except (OSError, ValueError, SyntaxError) as error:
            # An original that cannot be decoded (stored before validation, or damaged).
            logger.exception("Image %s (%s) cannot be rendered", image_id, filter_spec)
            raise Http404("Không tạo được ảnh này.") from error
        if response.status_code == 410:
            logger.warning("Image %s (%s): original file missing", image_id, filter_spec)
            raise Http404("Ảnh không còn trên máy chủ.")
        return response

    def serve(self, rendition):
        if not rendition.file.storage.exists(rendition.file.name):
            raise SourceImageIOError(f"Rendition file {rendition.file.name} is missing")
        return super().serve(rendition)
