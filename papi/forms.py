from django import forms


class SignalementForm(forms.Form):
    """« Signaler une erreur » sur la fiche d'un lieu."""

    message = forms.CharField(
        label="Qu'est-ce qui est inexact ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Horaires, adresse, services… Précisez ce qui a changé.",
    )
    email = forms.EmailField(
        label="Votre adresse électronique (facultatif)",
        required=False,
        help_text="Seulement pour vous répondre si besoin ; elle n'est pas publiée.",
    )
    # Champ piège : invisible pour un humain, rempli par les robots.
    site_web = forms.CharField(
        required=False,
        label="Ne pas remplir ce champ",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_web"))
