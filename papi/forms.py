from django import forms
from django.utils.translation import gettext_lazy as _

from brest_numerique.pieges import ChampPiegeMixin


class SignalementForm(ChampPiegeMixin, forms.Form):
    """« Signaler une erreur » sur la fiche d'un lieu. Un robot pris au piège
    reçoit la réponse d'un envoi réussi, et rien n'est écrit (pieges.py)."""

    message = forms.CharField(
        label=_("Qu'est-ce qui est inexact\u202f?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Horaires, adresse, services… Précisez ce qui a changé."),
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique (facultatif)"),
        required=False,
        help_text=_("Seulement pour vous répondre si besoin\u202f; elle n'est pas publiée."),
    )
