from django.apps import AppConfig


class CommentairesConfig(AppConfig):
    name = "commentaires"
    verbose_name = "Commentaires modérés"
