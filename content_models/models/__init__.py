"""Models of the domain, re-exported explicitly."""

from content_models.models.library import (
    CentreLibraryPage,
    CollectionPage,
    HomePage,
    LibraryPage,
)
from content_models.models.offline_packs import OfflinePack
from content_models.models.pages import (
    CoursePage,
    LessonAttachment,
    LessonPage,
    LessonTag,
)
from content_models.models.records import OaiRecord, RecordKind
from content_models.models.taxonomy import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    grade_label,
)
from content_models.models.usage import (
    DailyUsage,
    MonthlyUsage,
    ReuseRecord,
    UsageBatch,
    UsageKind,
)
from content_models.models.workflow import (
    ensure_centre_library,
    ensure_site_structure,
)

__all__ = [
    "Centre",
    "CentreLibraryPage",
    "CollectionPage",
    "CoursePage",
    "DailyUsage",
    "MonthlyUsage",
    "Grade",
    "HomePage",
    "LessonAttachment",
    "LessonPage",
    "LessonTag",
    "Licence",
    "LibraryPage",
    "OaiRecord",
    "OfflinePack",
    "ProgrammeLevel",
    "Province",
    "RecordKind",
    "ResourceType",
    "ReuseRecord",
    "Subject",
    "UsageBatch",
    "UsageKind",
    "ensure_centre_library",
    "ensure_site_structure",
    "grade_label",
]
