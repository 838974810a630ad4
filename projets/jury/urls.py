"""Les pages des jurés (/jury/, namespace "jury")."""

app_name = "jury"

urlpatterns = []
