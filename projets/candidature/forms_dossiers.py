"""Les formulaires du dossier côté candidat : la création (structure et titre), le
dossier complet avec son budget en lignes, le retrait. Ils ne font que valider ;
l'écriture (verrou optimiste compris) est `dossier_enregistrer`."""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.nombres import EntierField
from papi.models import Commune, Lieu
from projets.models import Dossier, LigneBudget
from projets.models.dossiers import FormeAide, Public
from projets.models.editions import FormesProposees

MONTANT_MAX = Decimal("9999999.99")
# Les lignes vides proposées à la saisie, et le plus qu'on en ajoute sans JS.
LIGNES_VIDES = 2
LIGNES_VIDES_MAX = 30
LIGNES_MAX = 200
EDITABLES = (Dossier.Statut.BROUILLON, Dossier.Statut.A_COMPLETER)


class MontantField(forms.DecimalField):
    """Un montant en euros écrit comme en France : « 1 500,50 » (espaces ordinaires
    ou insécables entre les milliers, virgule décimale ; le point passe aussi)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace("€", "")
        return super().to_python(value)


def _montant(label, **kwargs) -> forms.DecimalField:
    return MontantField(
        label=label,
        min_value=Decimal("0"),
        max_value=MONTANT_MAX,
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Écrivez un montant en euros, par exemple 1500 ou 1500,50."),
            "min_value": gettext_lazy("Un montant ne peut pas être négatif."),
            "max_value": gettext_lazy("Ce montant est trop élevé."),
            "max_digits": gettext_lazy("Ce montant est trop élevé."),
            "max_decimal_places": gettext_lazy("Deux chiffres après la virgule au plus."),
        },
        **kwargs,
    )


class CreationForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=gettext_lazy("Structure qui dépose le projet"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choisissez la structure qui dépose le projet."),
            "invalid_choice": gettext_lazy("Choisissez une de vos structures."),
        },
    )
    titre = forms.CharField(
        label=gettext_lazy("Titre du projet"),
        max_length=200,
        help_text=gettext_lazy("Vous pourrez le changer ensuite, jusqu'au dépôt."),
        error_messages={"required": gettext_lazy("Donnez un titre à votre projet.")},
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


def formes_possibles(edition) -> list[tuple[str, str]]:
    """Les formes d'aide qu'un dossier de cette édition peut demander."""
    if edition.formes_aide == FormesProposees.SUBVENTION:
        return [(FormeAide.SUBVENTION, FormeAide.SUBVENTION.label)]
    if edition.formes_aide == FormesProposees.MATERIEL:
        return [(FormeAide.MATERIEL, FormeAide.MATERIEL.label)]
    return list(FormeAide.choices)


class DossierForm(forms.ModelForm):
    """Tout le dossier sauf le budget. Un brouillon s'enregistre incomplet : ce qui
    manque pour déposer se dit à part (Dossier.erreurs_de_depot)."""

    version = EntierField(widget=forms.HiddenInput, minimum=1, maximum=2**31 - 1)
    publics = forms.MultipleChoiceField(
        label=gettext_lazy("Publics visés"),
        choices=Public.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choisissez parmi les publics proposés.")},
    )
    montant_demande = _montant(
        gettext_lazy("Montant de la subvention demandée (€)"), required=False
    )

    class Meta:
        model = Dossier
        fields = [
            "titre",
            "resume",
            "description",
            "themes",
            "publics",
            "communes",
            "lieux",
            "calendrier",
            "forme_aide",
            "montant_demande",
            "materiel_demande",
        ]
        labels = {
            "resume": gettext_lazy("Résumé du projet"),
            "description": gettext_lazy("Description du projet"),
            "themes": gettext_lazy("Thèmes de l'appel concernés"),
            "communes": gettext_lazy("Communes concernées"),
            "lieux": gettext_lazy("Lieux d'accès public à Internet (PAPI) concernés"),
            "calendrier": gettext_lazy("Calendrier"),
            "forme_aide": gettext_lazy("Aide demandée"),
            "materiel_demande": gettext_lazy("Matériel demandé"),
        }
        help_texts = {
            "resume": gettext_lazy("Quelques phrases\u00a0: elles présentent le projet au jury."),
            "description": gettext_lazy("Ce que vous ferez, avec qui, pour qui, et pourquoi."),
            "lieux": gettext_lazy(
                "Facultatif. Maintenez Ctrl (ou Cmd) enfoncée pour en choisir plusieurs."
            ),
            "calendrier": gettext_lazy("Les grandes étapes et leurs dates."),
            "materiel_demande": gettext_lazy(
                "Si vous demandez un prêt de matériel\u00a0: quoi, combien."
            ),
        }
        error_messages = {"titre": {"required": gettext_lazy("Donnez un titre à votre projet.")}}
        widgets = {
            "resume": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "themes": forms.CheckboxSelectMultiple,
            "communes": forms.CheckboxSelectMultiple,
            "lieux": forms.SelectMultiple(attrs={"size": 8}),
            "calendrier": forms.Textarea(attrs={"rows": 4}),
            "forme_aide": forms.RadioSelect,
            "materiel_demande": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["themes"].queryset = edition.themes.all()
        self.fields["communes"].queryset = Commune.objects.all()
        self.fields["lieux"].queryset = Lieu.objects.publies().only("pk", "nom", "commune")
        self.fields["forme_aide"].choices = formes_possibles(edition)
        for nom in ("themes", "communes", "lieux"):
            self.fields[nom].error_messages["invalid_choice"] = _(
                "Un des choix n'est plus proposé\u00a0: décochez-le."
            )
        for nom in ("titre", "resume", "description", "calendrier", "materiel_demande"):
            longueur = self.fields[nom].max_length
            self.fields[nom].error_messages["max_length"] = _(
                "Votre texte fait %(show_value)d caractères\u00a0: %(limit_value)d au plus."
            )
            self.fields[nom].widget.attrs["maxlength"] = longueur

    def clean_montant_demande(self) -> Decimal:
        return self.cleaned_data["montant_demande"] or Decimal("0")


class LigneForm(forms.Form):
    """Une ligne du budget. Laissée vide, elle ne compte pas."""

    libelle = forms.CharField(label=gettext_lazy("Libellé"), max_length=200, required=False)
    montant = _montant(gettext_lazy("Montant (€)"), required=False)

    def clean(self):
        donnees = super().clean()
        libelle, montant = donnees.get("libelle", ""), donnees.get("montant")
        if montant is not None and not libelle.strip():
            self.add_error("libelle", _("Dites à quoi correspond ce montant."))
        if libelle.strip() and montant is None and "montant" not in self.errors:
            self.add_error("montant", _("Indiquez le montant de cette ligne."))
        return donnees

    def est_vide(self) -> bool:
        return not self.cleaned_data.get("libelle", "").strip() and (
            self.cleaned_data.get("montant") is None
        )


NATURES = ((LigneBudget.Nature.DEPENSE, "depenses"), (LigneBudget.Nature.RECETTE, "recettes"))
# Les lignes vides comptent dans le nombre de formulaires reçus : la borne leur fait place.
LignesFormSet = forms.formset_factory(
    LigneForm,
    extra=0,
    max_num=LIGNES_MAX + LIGNES_VIDES_MAX,
    absolute_max=LIGNES_MAX + LIGNES_VIDES_MAX,
    validate_max=True,
)


def formsets_du_budget(lignes, donnees=None, *, vides: int = LIGNES_VIDES) -> dict:
    """Les deux tableaux du budget (dépenses, recettes) : préremplis par `lignes`
    et suivis de `vides` lignes vides, ou liés à la saisie `donnees`."""
    formsets = {}
    for nature, prefixe in NATURES:
        if donnees is None:
            initial = [
                {"libelle": ligne.libelle, "montant": ligne.montant}
                for ligne in lignes
                if ligne.nature == nature
            ]
            formset = LignesFormSet(initial=initial + [{}] * vides, prefix=prefixe)
        else:
            formset = LignesFormSet(donnees, prefix=prefixe)
        formset.nature = nature
        formsets[prefixe] = formset
    return formsets


def lignes_saisies(formset) -> list[tuple[str, Decimal]]:
    """(libellé, montant) des lignes remplies d'un tableau validé."""
    return [
        (form.cleaned_data["libelle"].strip(), form.cleaned_data["montant"])
        for form in formset.forms
        if not form.est_vide()
    ]


class ConflitDeVersion(Exception):
    """Le dossier a changé (ou quitté l'état modifiable) depuis l'ouverture du formulaire."""


@transaction.atomic
def dossier_enregistrer(*, dossier: Dossier, form: DossierForm, budget: dict) -> int:
    """Écrit le formulaire et le budget si la version lue est toujours la bonne ;
    rend la nouvelle version. L'UPDATE … WHERE version = x est atomique : de deux
    enregistrements partis de la même version, le second touche zéro ligne et
    lève ConflitDeVersion, sans rien écrire."""
    donnees = form.cleaned_data
    lue = donnees["version"]
    champs = {
        nom: donnees[nom]
        for nom in (
            "titre",
            "resume",
            "description",
            "publics",
            "calendrier",
            "forme_aide",
            "montant_demande",
            "materiel_demande",
        )
    }
    touches = Dossier.objects.filter(pk=dossier.pk, version=lue, statut__in=EDITABLES).update(
        version=F("version") + 1, modifie_le=timezone.now(), **champs
    )
    if touches != 1:
        raise ConflitDeVersion
    dossier.themes.set(donnees["themes"])
    dossier.communes.set(donnees["communes"])
    dossier.lieux.set(donnees["lieux"])
    # Le budget se réécrit en entier : deux requêtes, quel que soit le nombre de lignes.
    dossier.lignes_budget.all().delete()
    LigneBudget.objects.bulk_create(
        LigneBudget(
            dossier=dossier, nature=formset.nature, libelle=libelle, montant=montant, ordre=rang
        )
        for formset in budget.values()
        for rang, (libelle, montant) in enumerate(lignes_saisies(formset))
    )
    for nom, valeur in champs.items():
        setattr(dossier, nom, valeur)
    dossier.version = lue + 1
    return dossier.version


def version_actuelle(dossier: Dossier) -> int:
    return Dossier.objects.filter(pk=dossier.pk).values_list("version", flat=True).get()


class RetraitForm(forms.Form):
    motif = forms.CharField(
        label=gettext_lazy("Pourquoi retirez-vous ce dossier\u202f? (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        error_messages={"max_length": gettext_lazy("2000 caractères au plus, s'il vous plaît.")},
    )
