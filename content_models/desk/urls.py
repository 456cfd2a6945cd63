"""The teacher's desk and reuse (remix) URLs."""

app_name = "desk"
urlpatterns = []
