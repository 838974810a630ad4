from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.hashers import make_password

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
    production), alors que le chemin « compte déjà existant » se contente
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
