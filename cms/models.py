"""Site-wide settings editors change in the admin (Settings → Thông tin trang)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from cms.site_settings_cache import cached_site_settings


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and footer text of the public site, and the mobile-data price.

    The price (đồng per MB) turns an attachment's size into an estimated cost for learners
    on pay-as-you-go mobile data; left empty, only the data amount is shown.
    """

    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=50, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    footer_text = models.TextField(
        _("chân trang"), blank=True, help_text=_("Ví dụ: đơn vị chủ quản, giấy phép nội dung.")
    )
    mobile_data_price_per_mb = models.PositiveIntegerField(
        _("giá cước dữ liệu di động tham khảo (đồng/MB)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không muốn hiển thị chi phí ước tính bằng tiền."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Liên hệ"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("mobile_data_price_per_mb"),
    ]

    class Meta:
        verbose_name = _("thông tin trang")

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, the row read from the cache (cms/site_settings_cache.py) for public pages;
        the admin's settings form reads the table (`for_site`)."""
        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if not hasattr(request, attr_name) and site is not None:
            instance = cached_site_settings(cls, site, request)
            instance._request = request
            setattr(request, attr_name, instance)
        return super().for_request(request)
