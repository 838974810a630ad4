from django.contrib import admin, messages
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brest_numerique.admin_import_export import ImportExportProtegeAdmin
from brest_numerique.admin_lecture import LectureSeuleAdmin
from brest_numerique.etats import TransitionInterdite
from papi.models import Commune, Lieu, SignalementLieu
from papi.ressources import FORMATS, LieuResource
from papi.services import lieux_enregistrer, lieux_publier, lieux_supprimer

# Aides de saisie propres à l'administration (le modèle porte les autres).
AIDES = {
    "slug": _("Laissé vide, il est tiré du nom et de la commune. Le changer casse les liens."),
    "code_insee": _("5 caractères, comme 29019 (Brest) ou 2A004."),
    "latitude": _("Degrés décimaux (WGS 84), ex. 48.3904. Avec la longitude, ou aucune."),
    "longitude": _("Degrés décimaux (WGS 84), ex. -4.4861."),
    "date_maj": _("Date de dernière vérification des informations."),
    "source": _("Qui fournit ces informations, ex. « Brest métropole »."),
    "presentation_resume": _("280 caractères au plus\u202f; apparaît dans la liste."),
    "publie": _("Un lieu non publié n'apparaît ni sur le site ni dans les données ouvertes."),
}


class CommuneFiltre(admin.SimpleListFilter):
    """Les huit communes de la métropole, plutôt que les milliers de communes
    qu'apporte un import de la cartographie nationale."""

    title = _("commune")
    parameter_name = "code_insee"
    champ = "code_insee"
    HORS_METROPOLE = "hors"

    def lookups(self, request, model_admin):
        return [
            *Commune.objects.values_list("code_insee", "nom"),
            (self.HORS_METROPOLE, _("Hors Brest métropole")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.HORS_METROPOLE:
            return queryset.exclude(**{f"{self.champ}__in": Commune.objects.values("code_insee")})
        if self.value():
            return queryset.filter(**{self.champ: self.value()})
        return queryset


class CommuneDuLieuFiltre(CommuneFiltre):
    parameter_name = "lieu__code_insee"
    champ = "lieu__code_insee"


@admin.register(Lieu)
class LieuAdmin(ImportExportProtegeAdmin):
    resource_classes = [LieuResource]
    import_formats = FORMATS
    export_formats = FORMATS
    list_display = ["nom", "commune", "typologie_lisible", "publie", "donnees_exemple", "date_maj"]
    list_filter = [
        "publie",
        "donnees_exemple",
        CommuneFiltre,
        "acces_fauteuil",
        "wifi_gratuit",
        "impression",
    ]
    search_fields = ["nom", "adresse", "commune", "identifiant"]
    readonly_fields = ["modifie_le"]
    # Une adresse saisie sans « https:// » le reçoit (comme le fera Django 6).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50
    actions = ["publier", "depublier"]
    fieldsets = [
        (
            _("Identification (standard national)"),
            {
                "description": _(
                    "Les champs du standard « Lieux de médiation numérique » sont ceux de "
                    "l'export en données ouvertes et de la cartographie nationale."
                ),
                "fields": [
                    "identifiant",
                    "pivot",
                    "nom",
                    "typologie",
                    "structure_parente",
                    "source",
                    "date_maj",
                ],
            },
        ),
        (
            _("Adresse"),
            {
                "fields": [
                    "adresse",
                    "complement_adresse",
                    ("code_postal", "commune", "code_insee"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Contact"),
            {"fields": ["telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre"]},
        ),
        (_("Horaires"), {"fields": ["horaires"]}),
        (_("Présentation"), {"fields": ["presentation_resume", "presentation_detail"]}),
        (
            _("Offre de médiation (standard national)"),
            {
                "description": _(
                    "Libellés exacts du standard\u00a0: cochez tout ce qui s'applique."
                ),
                "fields": [
                    "services",
                    "publics_specifiquement_adresses",
                    "prise_en_charge_specifique",
                    "frais_a_charge",
                    "modalites_acces",
                    "modalites_accompagnement",
                    "itinerance",
                    "dispositif_programmes_nationaux",
                    "formations_labels",
                    "autres_formations_labels",
                ],
            },
        ),
        (
            _("Équipement du point d'accès (propre à Brest métropole)"),
            {
                "description": _(
                    "Hors du standard national\u00a0: l'import d'un fichier ne change jamais ces champs."
                ),
                "fields": [
                    "nombre_ordinateurs",
                    "wifi_gratuit",
                    ("impression", "prix_impression"),
                    "scanner",
                    "acces_fauteuil",
                ],
            },
        ),
        (
            _("Publication"),
            {"fields": ["publie", "donnees_exemple", "slug", "modifie_le"]},
        ),
    ]

    @admin.display(description=_("typologie"))
    def typologie_lisible(self, lieu: Lieu) -> str:
        return lieu.libelle_typologie()

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", AIDES)
        formulaire = super().get_form(request, obj, change, **kwargs)
        # Un slug laissé vide est tiré du nom dans save_model.
        formulaire.base_fields["slug"].required = False
        return formulaire

    def get_queryset(self, request):
        # Le vecteur de recherche et la Feature de la carte ne s'affichent pas ici.
        return super().get_queryset(request).defer(*Lieu.CALCULES_PAR_LA_BASE)

    def save_model(self, request, obj, form, change):
        # Le chemin d'écriture de tous les lieux, dans la transaction de la vue
        # d'administration : slug, créneaux et index suivent la fiche, et les
        # caches changent de version après le commit.
        lieux_enregistrer(lieux=[obj])

    def delete_model(self, request, obj):
        lieux_supprimer(lieux=Lieu.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        lieux_supprimer(lieux=queryset)

    def _publication(self, queryset, publie: bool) -> int:
        return lieux_publier(lieux=queryset, publie=publie)

    @admin.action(description=_("Publier les lieux sélectionnés"), permissions=["change"])
    def publier(self, request, queryset):
        nombre = self._publication(queryset, True)
        self.message_user(
            request,
            ngettext("%d lieu publié.", "%d lieux publiés.", nombre) % nombre,
            messages.SUCCESS,
        )

    @admin.action(description=_("Dépublier les lieux sélectionnés"), permissions=["change"])
    def depublier(self, request, queryset):
        nombre = self._publication(queryset, False)
        self.message_user(
            request,
            ngettext("%d lieu dépublié.", "%d lieux dépubliés.", nombre) % nombre,
            messages.SUCCESS,
        )


@admin.register(Commune)
class CommuneAdmin(LectureSeuleAdmin):
    """Données de référence chargées par migration : consultables, pas modifiables."""

    list_display = ["nom", "code_insee", "code_postal", "latitude", "longitude"]


@admin.register(SignalementLieu)
class SignalementLieuAdmin(admin.ModelAdmin):
    """Les erreurs signalées par les visiteurs. Le message et l'adresse sont
    ceux du visiteur : on les lit, on ne les réécrit pas. Traiter et rejeter
    passent par les méthodes du modèle, seul chemin de ces transitions."""

    list_display = ["cree_le", "lieu", "commune", "extrait", "statut", "traite_par"]
    list_filter = ["statut", CommuneDuLieuFiltre]
    search_fields = ["message", "email", "note", "lieu__nom", "lieu__commune"]
    list_select_related = ["lieu", "traite_par"]
    readonly_fields = [
        "lieu",
        "message",
        "email",
        "cree_le",
        "statut",
        "traite_par",
        "traite_le",
    ]
    fields = readonly_fields[:4] + ["note"] + readonly_fields[4:]
    date_hierarchy = "cree_le"
    actions = ["traiter", "rejeter"]
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        # Un signalement vient d'un visiteur, par la fiche publique.
        return False

    @admin.display(description=_("commune"), ordering="lieu__commune")
    def commune(self, signalement: SignalementLieu) -> str:
        return signalement.lieu.commune

    @admin.display(description=_("message"))
    def extrait(self, signalement: SignalementLieu) -> str:
        return Truncator(signalement.message).chars(80)

    def _clore(self, request, queryset, methode: str) -> int:
        """Appelle `methode` sur chaque signalement ; un signalement déjà clos
        est laissé tel quel, avec un avertissement. Renvoie le nombre de clos."""
        nombre = 0
        for signalement in queryset.select_related("lieu"):
            try:
                getattr(signalement, methode)(par=request.user)
            except TransitionInterdite as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                nombre += 1
        return nombre

    @admin.action(description=_("Marquer comme traité"), permissions=["change"])
    def traiter(self, request, queryset):
        if nombre := self._clore(request, queryset, "traiter"):
            message = ngettext("%d signalement traité.", "%d signalements traités.", nombre)
            self.message_user(request, message % nombre, messages.SUCCESS)

    @admin.action(description=_("Rejeter"), permissions=["change"])
    def rejeter(self, request, queryset):
        if nombre := self._clore(request, queryset, "rejeter"):
            message = ngettext("%d signalement rejeté.", "%d signalements rejetés.", nombre)
            self.message_user(request, message % nombre, messages.SUCCESS)
