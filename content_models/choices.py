"""Fixed code lists. Editable vocabularies are snippets in `models/taxonomy.py`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreKind(models.TextChoices):
    GDTX_PROVINCE = "gdtx", _("Trung tâm GDTX tỉnh")
    GDNN_GDTX = "gdnn_gdtx", _("Trung tâm GDNN-GDTX")
    COMMUNITY = "community", _("Trung tâm học tập cộng đồng")
    OTHER = "other", _("Khác")


class Language(models.TextChoices):
    """Languages of instruction seen in GDTX materials (ISO 639 codes)."""

    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")
    TAY = "tyz", _("Tiếng Tày")
    THAI = "tnu", _("Tiếng Thái")
    HMONG = "hmn", _("Tiếng H'Mông")
    KHMER = "km", _("Tiếng Khmer")
    MUONG = "mtq", _("Tiếng Mường")
    OTHER = "other", _("Ngôn ngữ khác")
