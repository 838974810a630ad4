from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projets.echanges.models import TEXTE_LONGUEUR_MAX


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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_message_%s")
        super().__init__(*args, **kwargs)
