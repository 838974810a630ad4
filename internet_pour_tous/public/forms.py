"""Les formulaires publics : la demande d'abonnement d'un foyer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from internet_pour_tous.models import Accompagnement, Logement, Residence


def libelle_du_logement(logement: Logement) -> str:
    parties = []
    if logement.escalier:
        parties.append(_("escalier %(e)s") % {"e": logement.escalier})
    if logement.etage:
        parties.append(_("étage %(e)s") % {"e": logement.etage})
    if logement.porte:
        parties.append(_("porte %(p)s") % {"p": logement.porte})
    lieu = ", ".join(str(p) for p in parties) or str(_("logement"))
    return _("%(lieu)s — référence du bailleur %(ref)s") % {
        "lieu": lieu[:1].upper() + lieu[1:],
        "ref": logement.reference,
    }


class ChoixDuLogement(forms.ModelChoiceField):
    def label_from_instance(self, obj: Logement) -> str:
        return libelle_du_logement(obj)


class DemandeForm(forms.Form):
    titulaire = forms.CharField(
        label=_("Nom et prénom du titulaire"),
        max_length=200,
        help_text=_("La personne locataire du logement."),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("Nous y écrirons pour suivre votre demande."),
    )
    telephone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=20,
        required=False,
        help_text=_("Par exemple 02 98 00 00 00."),
    )
    logement = ChoixDuLogement(
        label=_("Votre logement"),
        queryset=Logement.objects.none(),
        empty_label=_("— Choisissez votre logement —"),
        help_text=_(
            "Escalier, étage et porte, ou la référence qui figure sur votre avis d'échéance."
        ),
        error_messages={"invalid_choice": _("Choisissez un logement de la liste.")},
    )
    accompagnement = forms.MultipleChoiceField(
        label=_("Je souhaite aussi (facultatif)"),
        choices=Accompagnement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consentement = forms.BooleanField(
        label=_(
            "J'accepte que la Ville de Brest et mon bailleur traitent ces informations "
            "pour gérer mon abonnement à Internet pour tous."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour traiter votre demande.")},
    )

    def __init__(self, *args, residence: Residence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logement"].queryset = Logement.objects.filter(residence=residence).order_by(
            "escalier", "etage", "porte", "reference"
        )

    def clean_telephone(self) -> str:
        telephone = self.cleaned_data["telephone"].strip()
        chiffres = "".join(c for c in telephone if c not in " .-")
        if chiffres.startswith("+"):
            chiffres = chiffres[1:]
        if chiffres and not re.fullmatch(r"[0-9]{10,15}", chiffres):
            raise forms.ValidationError(
                _("Indiquez un numéro de 10 chiffres, par exemple 02 98 00 00 00.")
            )
        return telephone

    def clean_titulaire(self) -> str:
        return " ".join(self.cleaned_data["titulaire"].split())
