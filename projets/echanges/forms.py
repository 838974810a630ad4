from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projets.echanges.models import TEXTE_LONGUEUR_MAX
from projets.pieces.forms import ChampDeFichiers, accepte, consigne


class FichiersFacultatifs(ChampDeFichiers):
    """Les pièces d'un message : facultatives, vérifiées ensuite par pieces_ajouter."""

    def clean(self, data, initial=None):
        return super().clean(data, initial) if data else []


class MessageForm(forms.Form):
    texte = forms.CharField(
        label=_("Votre message"),
        max_length=TEXTE_LONGUEUR_MAX,
        help_text=format_lazy(_("{max} caractères au plus."), max=TEXTE_LONGUEUR_MAX),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Le message compte %(limit_value)d caractères au plus (il en a %(show_value)d)."
            ),
        },
    )

    fichiers = FichiersFacultatifs(
        label=_("Pièces jointes (facultatives)"),
        required=False,
        error_messages={
            "empty": _("Ce fichier est vide."),
            "invalid": _("Aucun fichier n'a été reçu\u00a0: recommencez l'envoi."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_message_%s")
        super().__init__(*args, **kwargs)
        champ = self.fields["fichiers"]
        champ.help_text = consigne()
        champ.widget.attrs["accept"] = accepte()
