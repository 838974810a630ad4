from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brest_numerique.fichiers import FORMATS, taille_lisible
from projets.pieces.models import TYPES_DES_PIECES

FICHIERS_PAR_ENVOI = 10


class PlusieursFichiers(forms.FileInput):
    allow_multiple_selected = True


class ChampDeFichiers(forms.FileField):
    """Un ou plusieurs fichiers ; leur contenu est vérifié par le service
    (pieces_ajouter), qui juge aussi les plafonds du dossier."""

    widget = PlusieursFichiers

    def clean(self, data, initial=None):
        fichiers = data if isinstance(data, list | tuple) else [data] if data else []
        if not fichiers and not self.required:
            return []
        if not fichiers:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(fichiers) > FICHIERS_PAR_ENVOI:
            raise ValidationError(
                _("Envoyez au plus %(n)s fichiers à la fois.") % {"n": FICHIERS_PAR_ENVOI},
                code="trop",
            )
        return [super(ChampDeFichiers, self).clean(f, initial) for f in fichiers]


def consigne() -> str:
    formats = ", ".join(FORMATS[code].libelle for code in TYPES_DES_PIECES)
    return _(
        "Formats acceptés\u00a0: %(formats)s. %(fichier)s au plus par fichier, %(dossier)s en "
        "tout pour le dossier."
    ) % {
        "formats": formats,
        "fichier": taille_lisible(settings.PIECES_TAILLE_MAX),
        "dossier": taille_lisible(settings.PIECES_TAILLE_MAX_DOSSIER),
    }


def accepte() -> str:
    """L'attribut accept du champ : une aide au choix, jamais une vérification."""
    return ",".join(f".{ext}" for code in TYPES_DES_PIECES for ext in FORMATS[code].extensions)


class PiecesForm(forms.Form):
    fichiers = ChampDeFichiers(
        label=_("Ajouter des pièces jointes"),
        error_messages={
            "required": _("Choisissez au moins un fichier."),
            "empty": _("Ce fichier est vide."),
            "invalid": _("Aucun fichier n'a été reçu\u00a0: recommencez l'envoi."),
        },
    )

    def __init__(self, *args, **kwargs):
        # L'id que porte le champ dans _pieces_du_dossier.html, où mène le lien du
        # résumé d'erreurs.
        kwargs.setdefault("auto_id", "piece-%s")
        super().__init__(*args, **kwargs)
        champ = self.fields["fichiers"]
        champ.help_text = consigne()
        champ.widget.attrs["accept"] = accepte()
