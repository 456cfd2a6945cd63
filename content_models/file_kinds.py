"""What kind of file a lesson attachment is: which inline preview it gets and how it is named.

A leaf module (imports nothing of the project), used by the lesson page's template tags and
the printable sheet.
"""

# File extension → (kind, label, MIME type). The kind picks the inline preview.
FILE_KINDS = {
    "pdf": ("pdf", "PDF", "application/pdf"),
    "docx": ("office", "Word (DOCX)", None),
    "pptx": ("office", "PowerPoint (PPTX)", None),
    "xlsx": ("office", "Excel (XLSX)", None),
    "odt": ("office", "OpenDocument (ODT)", None),
    "odp": ("office", "OpenDocument (ODP)", None),
    "mp4": ("video", "Video MP4", "video/mp4"),
    "webm": ("video", "Video WebM", "video/webm"),
    "mp3": ("audio", "MP3", "audio/mpeg"),
    "ogg": ("audio", "OGG", "audio/ogg"),
    "jpg": ("image", "JPEG", "image/jpeg"),
    "jpeg": ("image", "JPEG", "image/jpeg"),
    "png": ("image", "PNG", "image/png"),
    "webp": ("image", "WebP", "image/webp"),
    "gif": ("image", "GIF", "image/gif"),
}


def describe_document(document):
    """Kind (pdf/video/audio/image/office/other), a type label and a MIME type of a document."""
    extension = (document.file_extension or "").lower()
    kind, label, mime = FILE_KINDS.get(extension, ("other", extension.upper() or "?", None))
    sniffed = getattr(document, "mime_type", "") or ""
    if sniffed and sniffed != "application/octet-stream":
        mime = sniffed
        if sniffed.startswith("video/"):
            kind = "video"
        elif sniffed.startswith("audio/"):
            kind = "audio"
    return {"kind": kind, "label": label, "mime": mime or "application/octet-stream"}
