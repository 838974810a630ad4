"""Import et export des lieux dans l'administration (django-import-export),
dans les colonnes du standard national, en CSV et en XLSX.

L'import refuse une ligne exactement comme la commande importer_lieux : même
validation (valider_ligne), même contrôle des identifiants en double, et rien
n'est écrit si une seule ligne est refusée. Il écrit aussi par le même chemin :
django-import-export n'enregistre aucune ligne lui-même, les lieux retenus sont
écrits d'un bloc à la fin par papi.services.lieux_enregistrer.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from papi.exports import en_texte
from papi.importation import message_doublon, separateur_detecter
from papi.models import Lieu
from papi.referentiel import CHAMPS_DU_STANDARD, COLONNES, champ_de_la_colonne, colonne_du_champ
from papi.services import lieux_enregistrer
from papi.validation import valider_ligne

# Colonnes qu'un tableur lit volontiers comme des nombres (29200, un SIRET).
CODES = {"id", "pivot", "code_postal", "code_insee", "telephone"}


def cellule_en_texte(colonne: str, valeur) -> str:
    """Une cellule lue dans un CSV ou un XLSX, ramenée au texte du standard."""
    if isinstance(valeur, float) and valeur.is_integer() and colonne in CODES:
        valeur = int(valeur)
    return en_texte(valeur)


class TexteDuStandard(widgets.Widget):
    """Exporte chaque valeur en texte du standard (y compris en XLSX : un code
    postal reste du texte, une date reste ISO) ; l'import passe par valider_ligne."""

    def clean(self, value, row=None, **kwargs):
        return en_texte(value).strip()

    def render(self, value, obj=None, **kwargs):
        return en_texte(value)


class CSVStandard(base_formats.CSV):
    """CSV au standard, séparé par « , » ou, comme ses premières versions, par « ; »."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        kwargs.setdefault("delimiter", separateur_detecter(in_stream.split("\n", 1)[0]))
        return super().create_dataset(in_stream, **kwargs)


FORMATS = [CSVStandard, base_formats.XLSX]


class LieuResource(resources.ModelResource):
    class Meta:
        model = Lieu
        fields = CHAMPS_DU_STANDARD
        import_order = CHAMPS_DU_STANDARD
        export_order = CHAMPS_DU_STANDARD
        import_id_fields = ["identifiant"]
        skip_unchanged = True
        report_skipped = True
        # valider_ligne rend le verdict ; full_clean en donnerait un second.
        clean_model_instances = False

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return fields.Field(
            attribute=field_name,
            column_name=colonne_du_champ(field_name),
            widget=TexteDuStandard(),
            readonly=readonly,
        )

    def get_queryset(self):
        return Lieu.objects.defer(*Lieu.CALCULES_PAR_LA_BASE)

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # Comme importer_lieux sans --ignorer-erreurs : une ligne refusée, et
        # rien n'est écrit (l'administration ne propose de toute façon pas de
        # confirmer un import qui a des lignes refusées).
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def before_import(self, dataset, **kwargs):
        self._premieres_lignes: dict[str, int] = {}
        self._a_ecrire: list[Lieu] = []

    def import_instance(self, instance, row, **kwargs):
        # Un en-tête de tableur peut contenir des cellules vides (None).
        ligne = {
            str(colonne).strip(): cellule_en_texte(str(colonne).strip(), valeur)
            for colonne, valeur in row.items()
            if colonne is not None
        }
        valeurs, erreurs = valider_ligne(ligne)
        # Numéro de ligne dans le fichier, comme le rapport de importer_lieux
        # (l'en-tête est la ligne 1) tant qu'aucun champ ne court sur deux lignes.
        numero = kwargs.get("row_number", 0) + 1
        identifiant = valeurs["identifiant"]
        if identifiant in self._premieres_lignes:
            erreurs.append(message_doublon(identifiant, self._premieres_lignes[identifiant]))
        elif identifiant:
            self._premieres_lignes[identifiant] = numero
        if erreurs:
            raise ValidationError(erreurs)
        for colonne in COLONNES:
            if colonne in ligne:
                champ = champ_de_la_colonne(colonne)
                setattr(instance, champ, valeurs[champ])

    def do_instance_save(self, instance, is_create):
        # Rien n'est écrit ligne à ligne : tout part d'un bloc dans after_import.
        self._a_ecrire.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Un essai à blanc, ou un import qui sera annulé, n'écrit rien.
        if self._is_dry_run(kwargs) or result.has_errors() or result.has_validation_errors():
            return
        # Seules les colonnes du standard : l'équipement propre aux PAPI reste tel
        # qu'en base. La journalisation de l'administration, qui suit, lit les
        # clés que cet appel vient de donner aux lieux neufs.
        lieux_enregistrer(lieux=self._a_ecrire, champs=CHAMPS_DU_STANDARD)
