"""The background jobs in the Wagtail admin ("Công việc nền"), read-only, for editors.

Editors see every job's state, task, attempts and times, and a failed job's error and
traceback, so a stuck preview or a drain that keeps failing is visible without a shell.
Nobody adds or edits jobs here: the permission policy grants "view" only.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from django_tasks_db.models import DBTaskResult


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Django's model permissions, with every action but "view" refused."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(DBTaskResult, ViewOnlyPolicy(DBTaskResult))


class TaskColumn(Column):
    """The task's function name, read from the stored path (resolving the task would need
    the backend that queued it)."""

    def get_value(self, instance):
        return instance.task_path.rpartition(".")[2]


class AttemptsColumn(Column):
    def get_value(self, instance):
        return len(instance.worker_ids or [])


class NewestFirstIndexView(IndexView):
    default_ordering = "-enqueued_at"


class BackgroundJobViewSet(ModelViewSet):
    model = DBTaskResult
    icon = "cogs"
    menu_label = _("Công việc nền")
    menu_order = 900
    add_to_settings_menu = True
    url_prefix = "cong-viec-nen"
    name = "background_jobs"
    inspect_view_enabled = True
    list_display = [
        TaskColumn("task_path", label=_("Công việc")),
        "status",
        AttemptsColumn("attempts", label=_("Số lần chạy")),
        "enqueued_at",
        "run_after",
        "finished_at",
    ]
    list_filter = ["status", "queue_name"]
    inspect_view_fields = [
        "task_path",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "worker_ids",
        "args_kwargs",
        "exception_class_path",
        "traceback",
    ]
    index_view_class = NewestFirstIndexView
    # Required by ModelViewSet; the add and edit views are refused by the policy anyway.
    form_fields = ["status"]


@hooks.register("register_admin_viewset")
def register_background_jobs():
    return BackgroundJobViewSet()
