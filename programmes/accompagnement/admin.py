from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brest_numerique.etats import TransitionInterdite
from programmes.accompagnement.models import DemandeAccompagnement


@admin.register(DemandeAccompagnement)
class DemandeAccompagnementAdmin(admin.ModelAdmin):
    """Les demandes déposées depuis les pages du programme. Ce qu'a écrit la
    personne se lit et ne se réécrit pas ; l'état change par les méthodes du
    modèle (actions ci-dessous), seul chemin de ces transitions."""

    list_display = [
        "cree_le",
        "nom",
        "structure_nom",
        "dispositif",
        "structure_type",
        "stade",
        "statut",
        "traitee_par",
    ]
    list_filter = ["statut", "dispositif", "structure_type", "stade"]
    search_fields = ["nom", "email", "structure_nom", "besoin", "note"]
    list_select_related = ["traitee_par"]
    readonly_fields = [
        "dispositif",
        "nom",
        "email",
        "telephone",
        "structure_nom",
        "structure_type",
        "stade",
        "besoin",
        "consenti_le",
        "cree_le",
        "statut",
        "traitee_par",
    ]
    fields = [*readonly_fields, "note"]
    date_hierarchy = "cree_le"
    actions = ["prendre_en_charge", "clore"]
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        # Une demande vient d'une personne, par le formulaire public.
        return False

    def _appliquer(self, request, queryset, methode: str) -> int:
        """Appelle `methode` sur chaque demande ; celles où la transition est
        interdite restent telles quelles, avec un avertissement."""
        nombre = 0
        for demande in queryset:
            try:
                getattr(demande, methode)(par=request.user)
            except TransitionInterdite as exc:
                self.message_user(request, f"{demande} : {exc}", messages.WARNING)
            else:
                nombre += 1
        return nombre

    @admin.action(description=_("Prendre en charge"), permissions=["change"])
    def prendre_en_charge(self, request, queryset):
        if nombre := self._appliquer(request, queryset, "prendre_en_charge"):
            message = ngettext(
                "%d demande prise en charge.", "%d demandes prises en charge.", nombre
            )
            self.message_user(request, message % nombre, messages.SUCCESS)

    @admin.action(description=_("Clore"), permissions=["change"])
    def clore(self, request, queryset):
        if nombre := self._appliquer(request, queryset, "clore"):
            message = ngettext("%d demande close.", "%d demandes closes.", nombre)
            self.message_user(request, message % nombre, messages.SUCCESS)
