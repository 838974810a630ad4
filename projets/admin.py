"""L'administration des éditions (les Instructeurs les préparent ici) ; structures
et dossiers y sont en lecture : ils changent par leurs propres pages."""

from django.contrib import admin, messages
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brest_numerique.admin_lecture import LectureSeuleAdmin
from projets.models import AppelAProjets, CritereNotation, Dossier, Structure, Theme


class CritereInline(admin.TabularInline):
    model = CritereNotation
    extra = 1


@admin.register(AppelAProjets)
class AppelAProjetsAdmin(admin.ModelAdmin):
    list_display = ["annee", "titre", "ouverture", "cloture", "enveloppe"]
    filter_horizontal = ["themes", "instructeurs"]
    inlines = [CritereInline]
    actions = ["cloner_pour_l_annee_suivante"]

    @admin.action(description=_("Copier pour l'année suivante"), permissions=["add"])
    def cloner_pour_l_annee_suivante(self, request, queryset):
        copies = 0
        for edition in queryset:
            try:
                edition.cloner(edition.annee + 1)
                copies += 1
            except IntegrityError:
                self.message_user(
                    request,
                    _("L'édition %(annee)s existe déjà.") % {"annee": edition.annee + 1},
                    messages.ERROR,
                )
        if copies:
            self.message_user(
                request,
                ngettext("%(n)d édition copiée.", "%(n)d éditions copiées.", copies)
                % {"n": copies},
            )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["libelle", "slug"]
    prepopulated_fields = {"slug": ["libelle"]}


@admin.register(Structure)
class StructureAdmin(LectureSeuleAdmin):
    list_display = ["nom", "type", "commune", "contact_email"]
    search_fields = ["nom", "rna", "siret"]


@admin.register(Dossier)
class DossierAdmin(LectureSeuleAdmin):
    list_display = ["numero", "titre", "structure", "edition", "statut"]
    list_filter = ["edition", "statut"]
    search_fields = ["numero", "titre", "structure__nom"]
    list_select_related = ["structure", "edition"]
