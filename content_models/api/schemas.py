"""Response schemas of the content API (OpenAPI components).

Field names follow the neutral record of `content_models/metadata/describe.py`, so the API,
OAI-PMH and the downloads describe a lesson with the same words.
"""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="Lý do, bằng tiếng Việt.")


class TermOut(Schema):
    slug: str = Field(description="Mã ổn định, dùng trong bộ lọc.")
    name: str


class LicenceOut(Schema):
    slug: str
    name: str
    url: str = Field(description="Văn bản giấy phép (Creative Commons).")


class LicenceDetailOut(LicenceOut):
    allows_derivatives: bool
    allows_commercial: bool
    share_alike: bool


class ProgrammeLevelOut(TermOut):
    description: str


class SubjectOut(TermOut):
    is_skill: bool


class GradeOut(Schema):
    number: int
    name: str


class CentreOut(TermOut):
    kind: str = Field(description="gdtx | gdnn_gdtx | community")
    kind_name: str
    province: TermOut
    website: str


class ProvinceOut(TermOut):
    centres: list[TermOut]


class LinkOut(Schema):
    kind: str = Field(description="lesson | course | collection")
    id: int
    url: str = Field(description="Đường dẫn ngắn, bền vững (/l/<id>/).")
    oai_identifier: str


class AttachmentOut(Schema):
    title: str
    url: str
    mime_type: str
    size: int | None = Field(description="Byte; null khi tệp không còn trong kho lưu trữ.")
    sha256: str | None = Field(description="Mã băm SHA-256 (hex) của tệp.")


class MaterialOut(Schema):
    id: int
    kind: str = Field(description="lesson | course | collection")
    title: str
    description: str
    url: str = Field(description="Địa chỉ chuẩn của trang (như sitemap, RSS, JSON-LD, OAI-PMH).")
    short_url: str = Field(description="Đường dẫn ngắn, bền vững (/l/<id>/).")
    oai_identifier: str
    first_published: datetime | None
    last_published: datetime | None
    modified: datetime = Field(description="Lần thay đổi cuối của bản ghi (như OAI-PMH).")
    json_ld: dict[str, Any] = Field(description="Mô tả schema.org/LRMI, như trong trang.")


class ClassifiedOut(MaterialOut):
    centre: TermOut | None
    province: TermOut | None
    programme_levels: list[TermOut]
    subjects: list[TermOut]
    grades: list[int]
    licence: LicenceOut


class LessonOut(ClassifiedOut):
    language: str = Field(description="Mã ISO 639; rỗng khi là ngôn ngữ khác.")
    authors: list[str]
    resource_type: TermOut | None
    keywords: list[str]
    duration_minutes: int | None
    learning_objectives: list[str]
    based_on: LinkOut | None = Field(description="Bài học gốc khi đây là bản phái sinh.")
    attachments: list[AttachmentOut]


class UnitOut(Schema):
    title: str
    description: str
    lessons: list[LinkOut]


class CourseOut(ClassifiedOut):
    units: list[UnitOut]


class CollectionOut(MaterialOut):
    items: list[LinkOut]


def page_of(item_schema, name):
    """The envelope of a list: the items and the cursor of the next page (null at the end)."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"items": list[item_schema], "next_cursor": str | None},
            "next_cursor": Field(
                description="Truyền vào `cursor` để lấy trang tiếp theo; null: hết danh sách."
            ),
        },
    )


LessonPageOut = page_of(LessonOut, "LessonPageOut")
CoursePageOut = page_of(CourseOut, "CoursePageOut")
CollectionPageOut = page_of(CollectionOut, "CollectionPageOut")
CentrePageOut = page_of(CentreOut, "CentrePageOut")
