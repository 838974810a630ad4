from django import forms
from django.utils.translation import gettext_lazy as _


class SignalementForm(forms.Form):
    """« Signaler une erreur » sur la fiche d'un lieu."""

    message = forms.CharField(
        label=_("Qu'est-ce qui est inexact ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Horaires, adresse, services… Précisez ce qui a changé."),
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique (facultatif)"),
        required=False,
        help_text=_("Seulement pour vous répondre si besoin ; elle n'est pas publiée."),
    )
    # Champ piège : invisible pour un humain, rempli par les robots.
    site_web = forms.CharField(
        required=False,
        label=_("Ne pas remplir ce champ"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_web"))
