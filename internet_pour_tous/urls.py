from django.urls import path
from django.views.generic import TemplateView

app_name = "internet_pour_tous"


urlpatterns = [
    path(
        "",
        TemplateView.as_view(template_name="internet_pour_tous/presentation.html"),
        name="presentation",
    ),
]
