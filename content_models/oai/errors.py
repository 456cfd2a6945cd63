"""The protocol's error conditions, raised while a request is checked and answered."""

from django.utils.translation import gettext_lazy as _

CODES = (
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
)

DEFAULT_MESSAGES = {
    "badArgument": _("Tham số không hợp lệ, thiếu hoặc bị lặp lại."),
    "badResumptionToken": _("Mã tiếp tục (resumptionToken) không hợp lệ hoặc đã hết hạn."),
    "badVerb": _("Động từ (verb) không hợp lệ, bị thiếu hoặc bị lặp lại."),
    "cannotDisseminateFormat": _("Kho không cung cấp định dạng siêu dữ liệu này."),
    "idDoesNotExist": _("Không có bản ghi với định danh này trong kho."),
    "noRecordsMatch": _("Không có bản ghi nào thỏa mãn điều kiện yêu cầu."),
    "noMetadataFormats": _("Không có định dạng siêu dữ liệu nào cho bản ghi này."),
    "noSetHierarchy": _("Kho không hỗ trợ tập (set)."),
}


class OAIError(Exception):
    """One OAI-PMH error: `code` is the protocol's, `message` a Vietnamese explanation."""

    def __init__(self, code, message=None):
        assert code in CODES, code
        self.code = code
        self.message = str(message or DEFAULT_MESSAGES[code])
        super().__init__(f"{code}: {self.message}")
