from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "brest_numerique.notifications"
    label = "notifications"
    verbose_name = "Notifications"
