"""Les formulaires de la facturation : lancer le passage d'un mois, déposer le
fichier des impayés d'un relevé."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brest_numerique.widgets import ChampMois
from internet_pour_tous.facturation.services import mois_valide

MOIS = re.compile(r"([0-9]{4})-([0-9]{2})")


class LancementForm(forms.Form):
    mois = forms.CharField(
        label=_("Mois à facturer"),
        help_text=_("Au format AAAA-MM, par exemple 2026-03\u202f; le mois en cours au plus tard."),
        widget=ChampMois(),
    )

    def clean_mois(self) -> date:
        texte = self.cleaned_data["mois"].strip()
        correspondance = MOIS.fullmatch(texte)
        if correspondance is None:
            raise ValidationError(_("Écrivez le mois au format AAAA-MM, par exemple 2026-03."))
        annee, mois = (int(p) for p in correspondance.groups())
        if not 1 <= mois <= 12 or annee < 2000:
            raise ValidationError(
                _("Ce mois n'existe pas\u00a0: mois de 01 à 12, année 2000 ou après.")
            )
        return mois_valide(date(annee, mois, 1))


class ImpayesForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier des lignes impayées (CSV ou XLSX)"),
        help_text=_(
            "Une ligne par logement impayé, colonne reference_logement (et montant, "
            "facultative). Rien n'est enregistré si une ligne est fausse."
        ),
    )
