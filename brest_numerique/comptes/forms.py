from django import forms

from brest_numerique.notifications.types import sortes_facultatives


class PreferencesForm(forms.Form):
    """Une case par sorte de notification facultative : cochée = reçue.
    Les sortes essentielles n'y figurent pas : on ne peut pas les refuser."""

    def __init__(self, *args, user, refusees: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for sorte in sortes_facultatives(user):
            self.fields[sorte.code] = forms.BooleanField(
                label=sorte.libelle, required=False, initial=sorte.code not in refusees
            )

    def sortes_refusees(self) -> set[str]:
        return {code for code, recue in self.cleaned_data.items() if not recue}
