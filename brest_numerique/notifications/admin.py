from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brest_numerique.notifications.models import Desabonnement, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "sujet",
        "destinataire",
        "sorte",
        "statut",
        "tentatives",
        "cree_le",
        "envoyee_le",
    ]
    list_filter = ["sorte", "statut"]
    search_fields = ["destinataire", "sujet", "cle"]
    date_hierarchy = "cree_le"
    actions = ["renvoyer"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Renvoyer les notifications en échec"))
    def renvoyer(self, request, queryset):
        echecs = list(queryset.filter(statut=Notification.Statut.ECHEC))
        for notification in echecs:
            notification.renvoyer()
        self.message_user(
            request,
            ngettext(
                "%d notification remise dans la file.",
                "%d notifications remises dans la file.",
                len(echecs),
            )
            % len(echecs),
            messages.SUCCESS,
        )


@admin.register(Desabonnement)
class DesabonnementAdmin(admin.ModelAdmin):
    list_display = ["email", "sorte", "cree_le"]
    list_filter = ["sorte"]
    search_fields = ["email"]
