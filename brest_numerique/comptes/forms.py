from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

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


class FormulaireInscription(SignupForm):
    """L'inscription d'allauth, qui fait le même travail coûteux que l'adresse
    ait déjà un compte ou non (ACCOUNT_PREVENT_ENUMERATION).

    Sans cela, la page répondue est la même mais pas le temps de réponse : créer
    un compte hache le mot de passe (des centaines de millisecondes en
    production), alors que le chemin « compte déjà existant » se contente
    d'envoyer un courriel. Le chronomètre suffirait à savoir qui est inscrit."""

    def try_save(self, request):
        mot_de_passe = self.cleaned_data.get("password1")
        if self.account_already_exists and mot_de_passe:
            # Le même hachage que set_password() lors d'une création (même
            # hacheur, même sel aléatoire) ; le résultat est jeté : aucun compte
            # n'est créé ni modifié. Sans mot de passe, la création n'en hache
            # pas non plus (mot de passe inutilisable) : on n'ajoute rien.
            make_password(mot_de_passe)
        return super().try_save(request)


class SuppressionForm(forms.Form):
    """Confirmer la suppression de son compte : une case à cocher, et le mot de passe
    quand le compte en a un (une session laissée ouverte ne suffit pas)."""

    confirmer = forms.BooleanField(
        label=_("Je supprime définitivement mon compte et mes données personnelles."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )
    mot_de_passe = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["mot_de_passe"]

    def clean_mot_de_passe(self):
        mot_de_passe = self.cleaned_data["mot_de_passe"]
        if not self.user.check_password(mot_de_passe):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le vôtre."))
        return mot_de_passe
