"""Les formulaires de la délibération : ils valident la saisie ; les règles (montant,
motivation, enveloppe, états) sont celles de services.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from brest_numerique.widgets import ChampDate
from projets.deliberation.models import Decision
from projets.models import FormeAide


class DecisionForm(forms.Form):
    sens = forms.ChoiceField(
        label=_("Décision"), choices=Decision.Sens.choices, widget=forms.RadioSelect
    )
    montant_accorde = forms.DecimalField(
        label=_("Montant accordé (€)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text=_("Pour un dossier retenu\u202f; au plus le montant demandé."),
    )
    forme_aide = forms.ChoiceField(
        label=_("Forme de l'aide"),
        required=False,
        choices=[("", _("— pour un dossier retenu —")), *FormeAide.choices],
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Obligatoire pour un dossier non retenu\u00a0: la structure la reçoit avec le "
            "résultat. Facultative pour la liste d'attente."
        ),
    )
    confirmer_depassement = forms.BooleanField(
        label=_("Je confirme accorder ce montant au-delà de l'enveloppe de l'édition."),
        required=False,
    )


class DeliberationForm(forms.Form):
    numero = forms.CharField(label=_("Numéro de la délibération"), max_length=40)
    date_conseil = forms.DateField(
        label=_("Date du conseil"),
        widget=ChampDate(),
    )
    dossiers = forms.MultipleChoiceField(
        label=_("Dossiers retenus votés par cette délibération"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un dossier retenu.")},
    )

    def __init__(self, *args, retenus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [
            (str(d.pk), f"{d.numero} — {d.titre} ({d.decision.montant_accorde}\u00a0€)")
            for d in retenus
        ]
