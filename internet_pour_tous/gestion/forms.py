"""Les formulaires des gestionnaires : filtres de la liste des abonnements,
décisions sur un abonnement ou un secteur, import des logements d'un bailleur."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.widgets import ChampDate
from internet_pour_tous.models import Abonnement

RECHERCHE_MAX = 100
TAILLE_IMPORT_MAX = 5 * 1024 * 1024


class FiltresForm(forms.Form):
    """Une valeur fausse ne casse rien : le champ qui ne valide pas est ignoré (et
    son erreur affichée)."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=RECHERCHE_MAX,
        help_text=_("Nom du titulaire, adresse électronique ou référence du logement."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    statut = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + Abonnement.Statut.choices
    )
    bailleur = forms.TypedChoiceField(label=_("Bailleur"), required=False, coerce=int)
    secteur = forms.TypedChoiceField(label=_("Secteur"), required=False, coerce=int)
    residence = forms.IntegerField(
        label=_("Résidence (numéro)"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, bailleurs=(), secteurs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bailleur"].choices = [("", _("Tous"))] + [(b.pk, b.nom) for b in bailleurs]
        self.fields["secteur"].choices = [("", _("Tous"))] + [(s.pk, s.nom) for s in secteurs]

    def valeurs(self) -> dict:
        """Les filtres valides, ceux qui ne valident pas étant ignorés."""
        self.is_valid()
        return {
            nom: valeur for nom, valeur in self.cleaned_data.items() if valeur not in ("", None)
        }


class ActivationForm(forms.Form):
    debut = forms.DateField(
        label=_("Date de début"),
        help_text=_(
            "Le premier jour d'accès. Facturé à partir du mois suivant s'il n'est pas le 1er."
        ),
        widget=ChampDate(),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"debut": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MotifForm(forms.Form):
    motif = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        help_text=_("Écrit au foyer dans le courriel qui le prévient."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DateForm(forms.Form):
    le = forms.DateField(label=_("Date d'effet"), widget=ChampDate())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"le": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DateMotifForm(DateForm, MotifForm):
    field_order = ["le", "motif"]


class SecteurTransitionForm(forms.Form):
    motif = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deploye_le = forms.DateField(label=_("Déployé le"), required=False, widget=ChampDate())


class ImportLogementsForm(forms.Form):
    fichier = forms.FileField(
        label=_("Liste des logements (CSV ou XLSX)"),
        help_text=_(
            "Colonnes\u00a0: reference, residence (nom ou adresse), escalier, etage, porte. "
            "5 Mo au plus."
        ),
    )
