"""A ready citation in Vietnamese: author, year, title, kind, centre, licence, lasting link.

The attribution a reuser must keep (title, author, source, licence) is a different text and
lives in `content_models.licensing.attribution_text`; this one is for reference lists.
"""

from django.utils.translation import gettext as _

from content_models.models.records import RecordKind


def citation_text(record):
    """E.g. "Nguyễn Văn Bình, Lò Thị Xuân (2025). Phân số [Bài giảng điện tử]. Trung tâm
    GDTX tỉnh Lào Cai, Lào Cai. Giấy phép CC BY 4.0. https://…/l/12/"."""
    centre = record.centre.name if record.centre else ""
    creators = ", ".join(record.authors) or centre or _("Tác giả không rõ")
    year = record.year or _("không rõ năm")
    if record.resource_type:
        kind = record.resource_type.name
    else:
        kind = {
            RecordKind.LESSON: _("Bài học"),
            RecordKind.COURSE: _("Học phần"),
            RecordKind.COLLECTION: _("Bộ sưu tập"),
        }[record.kind]
    parts = [f"{creators} ({year}). {record.title} [{kind}]."]
    if centre:
        province = f", {record.province.name}" if record.province else ""
        parts.append(f"{centre}{province}.")
    if record.licence:
        parts.append(_("Giấy phép %(licence)s.") % {"licence": record.licence.name})
    parts.append(record.short_url)
    return " ".join(parts)
