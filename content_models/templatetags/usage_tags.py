"""Template tags of usage and reuse credit (docs/usage-and-reports.md)."""

from django import template

from content_models.reuse_ledger import reuse_credit as credit_for

register = template.Library()


@register.inclusion_tag("components/reuse_credit.html")
def reuse_credit(page):
    """ "Được dùng lại N lần bởi M trung tâm", with links to the derivatives (one query)."""
    if page is None or getattr(page, "pk", None) is None:
        return {"credit": None}
    return {"credit": credit_for(page)}
