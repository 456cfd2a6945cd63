"""Licence compatibility for reuse (remix), and attribution text.

Pure functions over `Licence` objects' flags (`allows_derivatives`, `allows_commercial`,
`share_alike`) and names: no database access, so they are unit-tested exhaustively.

The rules follow Creative Commons' adapter's-licence chart (the licence a teacher may put on
their own contribution to an adaptation):

- ND (BY-ND, BY-NC-ND): no adaptation may be shared at all.
- ShareAlike (BY-SA, BY-NC-SA): the adaptation keeps exactly the same licence.
- NonCommercial (BY-NC): the adaptation stays NonCommercial (BY-NC, BY-NC-SA or BY-NC-ND).
- BY: any licence that still requires attribution (every CC licence, not CC0).
- CC0 / public domain: any licence.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from media.text import normalise_key

PUBLIC_DOMAIN_PREFIXES = ("cc0", "pdm", "public domain", "phạm vi công cộng")


@dataclass(frozen=True)
class Verdict:
    """Whether something is allowed, and if not, the Vietnamese reason to show."""

    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOWED = Verdict(True)


def is_public_domain(licence):
    """CC0 and public-domain marks waive attribution; they are recognised by name."""
    return normalise_key(licence.name).startswith(PUBLIC_DOMAIN_PREFIXES)


def same_licence(first, second):
    if first.pk is not None and second.pk is not None:
        return first.pk == second.pk
    return normalise_key(first.name) == normalise_key(second.name)


def allows_reuse(original):
    """May any derivative of a work under `original` be made and shared?"""
    if not original.allows_derivatives:
        return Verdict(
            False,
            _(
                "Giấy phép %(licence)s không cho phép tạo tác phẩm phái sinh: bài học chỉ được "
                "chia sẻ nguyên vẹn, không thể dùng lại để chỉnh sửa."
            )
            % {"licence": original.name},
        )
    return ALLOWED


def check_derivative_licence(original, derivative):
    """May a derivative of a work licensed `original` be licensed `derivative`?"""
    verdict = allows_reuse(original)
    if not verdict:
        return verdict
    if original.share_alike:
        if same_licence(original, derivative):
            return ALLOWED
        return Verdict(
            False,
            _(
                "Giấy phép %(licence)s yêu cầu tác phẩm phái sinh giữ nguyên giấy phép chia sẻ "
                "tương tự: hãy chọn %(licence)s."
            )
            % {"licence": original.name},
        )
    if not original.allows_commercial and derivative.allows_commercial:
        return Verdict(
            False,
            _(
                "Giấy phép %(licence)s chỉ cho phép sử dụng phi thương mại: tác phẩm phái sinh "
                "phải giữ điều kiện phi thương mại (NC), không thể dùng %(chosen)s."
            )
            % {"licence": original.name, "chosen": derivative.name},
        )
    if not is_public_domain(original) and is_public_domain(derivative):
        return Verdict(
            False,
            _(
                "Giấy phép %(licence)s yêu cầu ghi công tác giả: tác phẩm phái sinh không thể "
                "dâng hiến vào phạm vi công cộng (%(chosen)s)."
            )
            % {"licence": original.name, "chosen": derivative.name},
        )
    return ALLOWED


def compatible_licences(original, candidates):
    """The candidates a derivative of `original` may use, in the candidates' order."""
    return [
        licence for licence in candidates if check_derivative_licence(original, licence).allowed
    ]


def derivative_rule(original):
    """One Vietnamese sentence telling the teacher which licences a derivative may carry."""
    verdict = allows_reuse(original)
    if not verdict:
        return verdict.reason
    if original.share_alike:
        return _("Bài gốc dùng %(licence)s: bản phái sinh phải giữ nguyên giấy phép này.") % {
            "licence": original.name
        }
    if not original.allows_commercial:
        return _(
            "Bài gốc dùng %(licence)s: bản phái sinh phải giữ điều kiện phi thương mại (NC)."
        ) % {"licence": original.name}
    if is_public_domain(original):
        return _("Bài gốc thuộc phạm vi công cộng (%(licence)s): có thể chọn mọi giấy phép.") % {
            "licence": original.name
        }
    return _(
        "Bài gốc dùng %(licence)s: có thể chọn mọi giấy phép vẫn yêu cầu ghi công tác giả."
    ) % {"licence": original.name}


def attribution_text(*, title, authors, centre, url, licence_name, licence_url, derivative=True):
    """TASL attribution (Title, Author, Source, Licence) in Vietnamese.

    `authors` is a list of names; the centre stands in for them when the list is empty.
    """
    creators = ", ".join(name for name in authors if name)
    if creators and centre:
        creators = f"{creators} ({centre})"
    creators = creators or centre or _("tác giả không rõ")
    lead = _("Phái sinh từ") if derivative else _("Bài học")
    licence = f"{licence_name} ({licence_url})" if licence_url else licence_name
    return _("%(lead)s “%(title)s” của %(creators)s, nguồn: %(url)s, giấy phép %(licence)s.") % {
        "lead": lead,
        "title": title,
        "creators": creators,
        "url": url,
        "licence": licence,
    }
