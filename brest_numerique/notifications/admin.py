from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brest_numerique.notifications.models import Desabonnement, Notification, RenvoiImpossible

# Les corps d'une notification sensible portent un lien qui ouvre un compte : un
# membre du personnel qui les lirait pourrait prendre ce compte.
CORPS = ("corps_texte", "corps_html")


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

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        champs = [f.name for f in Notification._meta.fields]
        if obj is not None and obj.est_sensible():
            return [c for c in champs if c not in CORPS] + ["contenu"]
        return champs

    def get_exclude(self, request, obj=None):
        # Retirés du formulaire aussi : sinon, n'étant plus en lecture seule, ils y
        # reviendraient comme champs modifiables, avec leur valeur.
        if obj is not None and obj.est_sensible():
            return CORPS
        return super().get_exclude(request, obj)

    @admin.display(description=_("contenu"))
    def contenu(self, obj):
        return _("Masqué\u00a0: ce courriel contient un lien de sécurité.")

    @admin.action(description=_("Renvoyer les notifications en échec"))
    def renvoyer(self, request, queryset):
        remises, refusees = 0, 0
        for notification in queryset.filter(statut=Notification.Statut.ECHEC):
            try:
                notification.renvoyer()
            except RenvoiImpossible:
                refusees += 1
            else:
                remises += 1
        if remises or not refusees:
            self.message_user(
                request,
                ngettext(
                    "%d notification remise dans la file.",
                    "%d notifications remises dans la file.",
                    remises,
                )
                % remises,
                messages.SUCCESS,
            )
        if refusees:
            self.message_user(
                request,
                ngettext(
                    "%d notification n'a pas été renvoyée\u00a0: elle contenait un lien de "
                    "sécurité, effacé après l'échec. La personne doit demander un "
                    "nouveau lien (mot de passe oublié, confirmation d'adresse).",
                    "%d notifications n'ont pas été renvoyées\u00a0: elles contenaient un lien "
                    "de sécurité, effacé après l'échec. Les personnes doivent demander un "
                    "nouveau lien (mot de passe oublié, confirmation d'adresse).",
                    refusees,
                )
                % refusees,
                messages.WARNING,
            )


@admin.register(Desabonnement)
class DesabonnementAdmin(admin.ModelAdmin):
    list_display = ["email", "sorte", "cree_le"]
    list_filter = ["sorte"]
    search_fields = ["email"]
