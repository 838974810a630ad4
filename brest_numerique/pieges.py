"""Le champ piège des formulaires publics, et la seule façon d'y répondre.

Un champ `site_web`, masqué aux humains par la feuille de style et sauté au
clavier, que les robots remplissent comme tout autre champ. La politique du
portail, la même pour tous les formulaires qui portent ce mixin :

**faire comme si tout allait bien, et ne rien écrire.** La vue qui voit
`est_un_robot()` vrai répond exactement ce qu'elle répondrait à un envoi
réussi (même message, même redirection), sans rien enregistrer ni envoyer.
Un refus (« Envoi refusé. ») apprendrait au robot que son envoi a été
repéré, et par quel champ ; une réponse identique ne lui apprend rien.

La question se pose avant toute validation : un robot n'a pas à recevoir
les erreurs de ses autres champs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

NOM_DU_PIEGE = "site_web"


class ChampPiegeMixin(forms.Form):
    """Ajoute le champ piège à un formulaire (Form ou ModelForm) et la question
    `est_un_robot()`. À placer avant la classe de formulaire dans l'héritage."""

    site_web = forms.CharField(
        required=False,
        label=_("Ne pas remplir ce champ"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def est_un_robot(self) -> bool:
        """Vrai si le champ piège arrive rempli : la vue fait alors comme si
        l'envoi avait réussi, sans rien écrire."""
        return bool((self.data.get(self.add_prefix(NOM_DU_PIEGE)) or "").strip())
