from django.contrib import admin
from django.utils.translation import gettext_lazy

from brest_numerique.admin_lecture import LectureSeuleAdmin
from commentaires import services
from commentaires.models import Commentaire, Signalement, Transition, version_des_commentaires
from commentaires.moderation import annoncer_resultat


class TransitionEnLigne(admin.TabularInline):
    model = Transition
    fields = ["quand", "de", "vers", "par", "motif"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commentaire)
class CommentaireAdmin(admin.ModelAdmin):
    list_display = [
        "nom",
        "email",
        "extrait",
        "statut",
        "probablement_indesirable",
        "cree_le",
        "content_type",
    ]
    list_filter = ["statut", "probablement_indesirable", "equipe", "content_type"]
    search_fields = ["nom", "email", "texte"]
    date_hierarchy = "cree_le"
    list_select_related = ["content_type"]
    inlines = [TransitionEnLigne]
    actions = ["approuver", "rejeter", "marquer_spam"]
    # Le statut ne change que par les actions, pour que chaque changement soit tracé.
    readonly_fields = [
        "statut",
        "content_type",
        "object_id",
        "parent",
        "auteur",
        "email",
        "cree_le",
        "publie_le",
        "ip_empreinte",
        "supprime_par_auteur",
    ]
    fields = [
        "nom",
        "email",
        "texte",
        "statut",
        "equipe",
        "probablement_indesirable",
        "content_type",
        "object_id",
        "parent",
        "auteur",
        "cree_le",
        "publie_le",
        "supprime_par_auteur",
    ]

    def has_add_permission(self, request):
        return False

    # Supprimer un commentaire effacerait son journal de modération : on le
    # rejette ou on le masque, l'auteur peut retirer son texte lui-même.
    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Un nom, un texte ou un badge corrigé doit paraître sur les pages publiques
        # et dans leurs fils gardés en cache (commentaires/fil.py).
        version_des_commentaires.changer()

    @admin.display(description=gettext_lazy("Texte"))
    def extrait(self, commentaire):
        return commentaire.texte[:80]

    def _decider(self, request, queryset, action: str) -> None:
        faits, refuses = services.commentaires_appliquer(
            ids=queryset.values_list("pk", flat=True), action=action, par=request.user
        )
        annoncer_resultat(request, faits=faits, refuses=refuses)

    @admin.action(description=gettext_lazy("Approuver et publier"), permissions=["change"])
    def approuver(self, request, queryset):
        self._decider(request, queryset, "approuver")

    @admin.action(description=gettext_lazy("Rejeter (sans motif)"), permissions=["change"])
    def rejeter(self, request, queryset):
        self._decider(request, queryset, "rejeter")

    @admin.action(description=gettext_lazy("Marquer comme indésirable"), permissions=["change"])
    def marquer_spam(self, request, queryset):
        self._decider(request, queryset, "marquer_spam")


@admin.register(Transition)
class TransitionAdmin(LectureSeuleAdmin):
    """Le journal se consulte ; personne, pas même un superutilisateur, ne le modifie."""

    list_display = ["quand", "commentaire", "de", "vers", "par", "motif"]
    list_filter = ["vers"]
    list_select_related = ["commentaire", "par"]


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    list_display = ["commentaire", "raison", "cree_le"]
    list_filter = ["raison"]
    readonly_fields = ["commentaire", "raison", "signaleur", "cree_le"]

    def has_add_permission(self, request):
        return False
