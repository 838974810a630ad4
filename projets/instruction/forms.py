"""Les formulaires de l'instruction : ils valident la saisie, rien de plus ; les
écritures passent par les méthodes de Dossier et par services.py."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.nombres import EntierField, entier
from brest_numerique.widgets import ChampDate
from projets.instruction.models import ANNOTATION_LONGUEUR_MAX
from projets.instruction.services import ETATS_INSTRUITS, GROUPE_MAX

TEXTE_MAX = 5000
RECHERCHE_MAX = 100


class FiltresForm(forms.Form):
    """Les filtres de la liste d'une édition. Une valeur fausse ne casse rien :
    le champ qui ne valide pas est simplement ignoré (et son erreur affichée)."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=RECHERCHE_MAX,
        help_text=_("Numéro, titre du projet ou nom de la structure."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    statut = forms.ChoiceField(label=_("État"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    commune = forms.ChoiceField(
        label=_("Commune"),
        required=False,
        help_text=_("Concernée par le projet, ou celle de la structure."),
    )
    instructeur = forms.ChoiceField(label=_("Instructeur"), required=False)
    a_suivre = forms.BooleanField(label=_("Seulement les dossiers à suivre"), required=False)
    non_lus = forms.BooleanField(
        label=_("Seulement les dossiers avec des messages non lus"), required=False
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("", _("Numéro, du premier au dernier")),
            ("-numero", _("Numéro, du dernier au premier")),
            ("titre", _("Titre du projet")),
            ("structure", _("Structure")),
            ("depose_le", _("Date de dépôt, la plus ancienne d'abord")),
            ("-depose_le", _("Date de dépôt, la plus récente d'abord")),
            ("-montant", _("Montant demandé, le plus élevé d'abord")),
            ("montant", _("Montant demandé, le plus faible d'abord")),
            ("statut", _("État")),
            ("non_lus", _("Messages non lus, les plus nombreux d'abord")),
        ],
    )
    page = EntierField(required=False, minimum=1, widget=forms.HiddenInput)

    def __init__(self, *args, themes, communes, instructeurs, **kwargs):
        super().__init__(*args, **kwargs)
        tous = ("", _("Tous"))
        self.fields["statut"].choices = [tous, *((s.value, s.label) for s in ETATS_INSTRUITS)]
        self.fields["theme"].choices = [tous, *themes]
        self.fields["commune"].choices = [("", _("Toutes")), *communes]
        self.fields["instructeur"].choices = [
            tous,
            ("moi", _("Moi")),
            ("aucun", _("Personne (non attribué)")),
            *instructeurs,
        ]

    def valeurs(self) -> dict:
        """Les valeurs valides, les autres ignorées."""
        self.is_valid()
        return {
            nom: valeur
            for nom, valeur in self.cleaned_data.items()
            if valeur not in (None, "", False)
        }


class ListeDEntiersField(forms.Field):
    """Des identifiants cochés (cases « dossiers »), lus avec entier()."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Cochez au moins un dossier."),
        "invalide": _("La sélection des dossiers est illisible\u00a0: rechargez la page."),
        "trop": _("Choisissez au plus %(max)d dossiers à la fois."),
    }

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        nombres = [entier(str(v)) for v in value]
        if any(n is None for n in nombres):
            raise forms.ValidationError(self.error_messages["invalide"], code="invalide")
        if len(set(nombres)) > GROUPE_MAX:
            raise forms.ValidationError(
                self.error_messages["trop"], code="trop", params={"max": GROUPE_MAX}
            )
        return sorted(set(nombres))


class ChoixInstructeurForm(forms.Form):
    """Le choix d'un instructeur de l'édition (ou de personne)."""

    PERSONNE = "aucun"

    instructeur = forms.ChoiceField(
        label=_("Instructeur"),
        error_messages={
            "required": _("Choisissez un instructeur."),
            "invalid_choice": _("Choisissez un instructeur de cette édition."),
        },
    )

    def __init__(self, *args, instructeurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructeur"].choices = [
            ("", _("— choisir —")),
            *instructeurs,
            (self.PERSONNE, _("Personne (retirer l'attribution)")),
        ]

    def instructeur_id(self) -> int | None:
        valeur = self.cleaned_data["instructeur"]
        return None if valeur == self.PERSONNE else int(valeur)


class ActionsGroupeesForm(ChoixInstructeurForm):
    ACTIONS = [
        ("attribuer", _("Attribuer à l'instructeur choisi")),
        ("ouvrir_instruction", _("Passer en instruction")),
    ]

    action = forms.ChoiceField(
        label=_("Action sur les dossiers cochés"),
        choices=[("", _("— choisir —")), *ACTIONS],
        error_messages={
            "required": _("Choisissez une action."),
            "invalid_choice": _("Choisissez une des actions proposées."),
        },
    )
    dossiers = ListeDEntiersField()
    requete = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # La liste porte aussi les filtres, qui ont leur propre champ « instructeur » :
        # des id distincts gardent chaque étiquette reliée à son champ.
        kwargs.setdefault("auto_id", "id_actions_%s")
        super().__init__(*args, **kwargs)
        # L'instructeur ne compte que pour l'attribution.
        self.fields["instructeur"].required = False
        self.fields["instructeur"].label = _("Instructeur (pour l'attribution)")
        self.order_fields(["action", "instructeur"])

    def clean(self):
        donnees = super().clean()
        if donnees.get("action") == "attribuer" and not donnees.get("instructeur"):
            self.add_error("instructeur", _("Choisissez à qui attribuer les dossiers cochés."))
        return donnees


class ComplementsForm(forms.Form):
    texte = forms.CharField(
        label=_("Ce qui manque au dossier"),
        max_length=TEXTE_MAX,
        help_text=_("La structure lit ce texte tel quel\u00a0: soyez précis, une pièce par ligne."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Dites ce qui manque au dossier."),
            "max_length": _(
                "%(limit_value)d caractères au plus (ce texte en compte %(show_value)d)."
            ),
        },
    )
    echeance = forms.DateField(
        label=_("À renvoyer au plus tard le"),
        help_text=_("Jusqu'à 23:59:59, heure de Paris, ce jour-là. Format\u00a0: 15/03/2027."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=ChampDate(),
        error_messages={
            "required": _("Indiquez la date limite des compléments."),
            "invalid": _("Cette date n'est pas lisible\u00a0: écrivez-la comme 15/03/2027."),
        },
    )

    def clean_echeance(self):
        jour = self.cleaned_data["echeance"]
        if jour < timezone.localdate():
            raise forms.ValidationError(_("L'échéance ne peut pas être déjà passée."))
        return jour

    def echeance_a_paris(self) -> datetime:
        """La dernière seconde du jour choisi, heure de Paris (comme la clôture)."""
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["echeance"], time(23, 59, 59)),
            timezone.get_default_timezone(),
        )


class IrrecevableForm(forms.Form):
    motif = forms.CharField(
        label=_("Motif de l'irrecevabilité"),
        max_length=TEXTE_MAX,
        help_text=_("Obligatoire\u00a0: la structure le reçoit par courriel."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Motivez l'irrecevabilité."),
            "max_length": _(
                "%(limit_value)d caractères au plus (ce texte en compte %(show_value)d)."
            ),
        },
    )


class AnnotationForm(forms.Form):
    texte = forms.CharField(
        label=_("Nouvelle annotation privée"),
        max_length=ANNOTATION_LONGUEUR_MAX,
        help_text=_("Visible des seuls instructeurs, jamais de la structure."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Écrivez l'annotation."),
            "max_length": _(
                "%(limit_value)d caractères au plus (ce texte en compte %(show_value)d)."
            ),
        },
    )


class ASuivreForm(forms.Form):
    a_suivre = forms.BooleanField(required=False)
