from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentairesConfig(AppConfig):
    name = "commentaires"
    verbose_name = _("Commentaires modérés")
