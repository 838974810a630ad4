import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.pieges import ChampPiegeMixin
from brest_numerique.validateurs import nom_lisible
from programmes.accompagnement.models import BESOIN_LONGUEUR_MAX, DemandeAccompagnement, Statut

# Chiffres, espaces, points, tirets, parenthèses et un « + » en tête : 02 98 00 00 00,
# +33 2 98 00 00 00, (0)2.98.00.00.00.
TELEPHONE = re.compile(r"\+?[0-9 .\-()]+")
CHIFFRES_ASCII = frozenset("0123456789")


class DemandeForm(ChampPiegeMixin, forms.ModelForm):
    """Le formulaire « Être accompagné ». Un robot pris au piège reçoit la
    réponse d'un envoi réussi, et rien n'est écrit (brest_numerique/pieges.py)."""

    consentement = forms.BooleanField(
        label=gettext_lazy(
            "J'accepte que Brest métropole utilise ces informations pour étudier ma demande "
            "et me recontacter."
        ),
        help_text=gettext_lazy(
            "Elles ne servent qu'à traiter votre demande et ne sont transmises à personne d'autre."
        ),
        error_messages={
            "required": gettext_lazy(
                "Cochez cette case pour que nous puissions traiter votre demande."
            )
        },
    )

    class Meta:
        model = DemandeAccompagnement
        fields = [
            "nom",
            "email",
            "telephone",
            "structure_nom",
            "structure_type",
            "stade",
            "besoin",
        ]
        labels = {
            "nom": gettext_lazy("Votre nom"),
            "email": gettext_lazy("Votre adresse électronique"),
            "telephone": gettext_lazy("Votre téléphone (facultatif)"),
            "structure_nom": gettext_lazy("Nom de votre structure ou de votre projet"),
            "structure_type": gettext_lazy("Vous êtes"),
            "stade": gettext_lazy("Où en est votre projet\u202f?"),
            "besoin": gettext_lazy("De quoi avez-vous besoin\u202f?"),
        }
        help_texts = {
            "nom": gettext_lazy("Prénom et nom, par exemple Camille Le Gall."),
            "email": gettext_lazy("Pour vous répondre\u00a0: nous ne la communiquons à personne."),
            "telephone": gettext_lazy("Si vous préférez qu'on vous appelle."),
            "structure_nom": gettext_lazy(
                "Si vous n'avez pas encore de structure, donnez le nom de votre projet."
            ),
        }
        error_messages = {
            "nom": {"required": gettext_lazy("Indiquez votre nom.")},
            "email": {
                "required": gettext_lazy("Indiquez votre adresse électronique."),
                "invalid": gettext_lazy(
                    "Cette adresse électronique n'est pas valide\u00a0: vérifiez-la "
                    "(par exemple camille@exemple.fr)."
                ),
            },
            "structure_nom": {
                "required": gettext_lazy("Indiquez le nom de votre structure ou de votre projet.")
            },
            "structure_type": {
                "required": gettext_lazy("Choisissez le type de votre structure."),
                "invalid_choice": gettext_lazy("Choisissez un des types proposés."),
            },
            "stade": {
                "required": gettext_lazy("Choisissez le stade de votre projet."),
                "invalid_choice": gettext_lazy("Choisissez un des stades proposés."),
            },
            "besoin": {"required": gettext_lazy("Décrivez votre besoin en quelques lignes.")},
        }
        widgets = {
            "structure_type": forms.RadioSelect,
            "stade": forms.RadioSelect,
            "besoin": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        # Le formulaire s'insère dans des pages qui ont leurs propres formulaires
        # (commentaires : nom, email…) : des id distincts gardent chaque étiquette
        # reliée à son champ.
        kwargs.setdefault("auto_id", "id_accompagnement_%s")
        super().__init__(*args, **kwargs)
        # Un bouton radio de ModelForm propose « --------- » par défaut : rien à choisir.
        for nom in ("structure_type", "stade"):
            self.fields[nom].choices = [c for c in self.fields[nom].choices if c[0]]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["nom"].widget.attrs["autocomplete"] = "name"
        self.fields["telephone"].widget.input_type = "tel"
        self.fields["telephone"].widget.attrs["autocomplete"] = "tel"
        self.fields["structure_nom"].widget.attrs["autocomplete"] = "organization"
        self.fields["besoin"].help_text = _(
            "Décrivez votre projet et ce que vous attendez de nous\u00a0: conseils, hébergement, "
            "mise en relation, financement… %(longueur)s caractères au plus."
        ) % {"longueur": BESOIN_LONGUEUR_MAX}
        self.fields["besoin"].error_messages["max_length"] = _(
            "Votre texte fait %(show_value)d caractères\u00a0: %(limit_value)d au plus, s'il vous plaît."
        )

    def clean_nom(self) -> str:
        return nom_lisible(self.cleaned_data["nom"])

    def clean_structure_nom(self) -> str:
        return nom_lisible(self.cleaned_data["structure_nom"])

    def clean_telephone(self) -> str:
        valeur = " ".join(self.cleaned_data["telephone"].split())
        if valeur and (
            not TELEPHONE.fullmatch(valeur)
            or not 6 <= sum(c in CHIFFRES_ASCII for c in valeur) <= 15
        ):
            raise forms.ValidationError(
                _(
                    "Ce numéro n'est pas valide\u00a0: écrivez-le en chiffres, par exemple 02 98 00 00 00."
                )
            )
        return valeur


class FiltresForm(forms.Form):
    """Les filtres de la liste de l'équipe. Une valeur inconnue s'ignore."""

    A_TRAITER = "a_traiter"

    statut = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        required=False,
        choices=[
            ("", gettext_lazy("Tous")),
            (A_TRAITER, gettext_lazy("À traiter (nouvelles et en cours)")),
            *Statut.choices,
        ],
    )
    dispositif = forms.ChoiceField(
        label=gettext_lazy("Dispositif"),
        required=False,
        choices=[("", gettext_lazy("Tous")), *DemandeAccompagnement.Dispositif.choices],
    )


class TransitionForm(forms.Form):
    """Un bouton de la page d'une demande : l'action, et la note qui l'accompagne."""

    action = forms.ChoiceField(choices=[(a, a) for a in DemandeAccompagnement.MACHINE.transitions])
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
