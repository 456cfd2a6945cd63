"""Public URLs of this app, mounted by cms/urls.py before Wagtail's page serving."""

urlpatterns = []
