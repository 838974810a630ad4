"""Les formulaires du jury : la grille de notation d'un juré, la déclaration d'un
conflit d'intérêts ; côté instruction, la composition du jury et les dossiers confiés.
Ils ne font que valider la saisie : les services écrivent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from brest_numerique.widgets import ChampDate
from projets.jury.models import NOTE_MAX, Evaluation

CHOIX_DES_NOTES = [(str(n), str(n)) for n in range(NOTE_MAX + 1)]


class NotationForm(forms.Form):
    """Une note de 0 à NOTE_MAX et un commentaire par critère de la grille de
    l'édition, puis l'avis et le commentaire d'ensemble. Les champs viennent des
    critères de l'édition seulement : un identifiant de critère glissé dans la
    requête n'a pas de champ, il est ignoré."""

    avis = forms.ChoiceField(
        label=_("Avis d'ensemble"),
        choices=Evaluation.Avis.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choisissez un avis parmi ceux proposés.")},
    )
    commentaire = forms.CharField(
        label=_("Commentaire d'ensemble"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, criteres, **kwargs):
        self.criteres = list(criteres)
        super().__init__(*args, **kwargs)
        for critere in self.criteres:
            self.fields[f"note_{critere.pk}"] = forms.ChoiceField(
                label=_("Note sur %(max)s") % {"max": NOTE_MAX},
                choices=CHOIX_DES_NOTES,
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": _("Choisissez une note de 0 à %(max)s.") % {"max": NOTE_MAX}
                },
            )
            self.fields[f"commentaire_{critere.pk}"] = forms.CharField(
                label=_("Commentaire sur ce critère"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=3000,
                required=False,
            )

    def lignes(self) -> list[tuple]:
        """(critère, champ de la note, champ du commentaire), dans l'ordre de la grille."""
        return [
            (critere, self[f"note_{critere.pk}"], self[f"commentaire_{critere.pk}"])
            for critere in self.criteres
        ]

    def notes(self) -> dict[int, tuple[int | None, str]]:
        resultat = {}
        for critere in self.criteres:
            valeur = self.cleaned_data.get(f"note_{critere.pk}")
            resultat[critere.pk] = (
                int(valeur) if valeur not in (None, "") else None,
                self.cleaned_data.get(f"commentaire_{critere.pk}", ""),
            )
        return resultat

    def exiger_complet(self) -> bool:
        """Pour soumettre : chaque critère noté et un avis ; les manques s'affichent
        à côté de leur champ. Vrai si rien ne manque."""
        for critere in self.criteres:
            nom = f"note_{critere.pk}"
            if nom not in self.errors and self.cleaned_data.get(nom) in (None, ""):
                self.add_error(nom, _("Notez ce critère avant de soumettre vos notes."))
        if "avis" not in self.errors and not self.cleaned_data.get("avis"):
            self.add_error("avis", _("Donnez votre avis d'ensemble avant de soumettre."))
        return not self.errors


class ConflitForm(forms.Form):
    motif = forms.CharField(
        label=_("Nature du conflit d'intérêts"),
        help_text=_(
            "Par exemple\u00a0: membre du bureau de la structure, lien familial, salarié. "
            "Ce motif est conservé et lu par l'instruction."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Dites la nature du conflit d'intérêts.")},
    )


class CompositionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="composer")
    jures = forms.ModelMultipleChoiceField(
        label=_("Jurés"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Les comptes du groupe Jury (actifs, adresse vérifiée)."),
        error_messages={"invalid_choice": _("Choisissez des comptes du groupe Jury.")},
    )
    debut = forms.DateField(
        label=_("Début de la notation"),
        widget=ChampDate(),
        error_messages={"required": _("Indiquez le début de la notation.")},
    )
    fin = forms.DateField(
        label=_("Fin de la notation"),
        widget=ChampDate(),
        error_messages={"required": _("Indiquez la fin de la notation.")},
    )

    def __init__(self, *args, comptes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jures"].queryset = comptes

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and debut > fin:
            self.add_error("fin", _("La fin de la notation suit son début."))
        return donnees


class AffectationForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="confier")
    jures = forms.ModelMultipleChoiceField(
        label=_("Jurés à qui confier les dossiers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins un juré."),
            "invalid_choice": _("Choisissez des jurés de cette édition."),
        },
    )
    theme = forms.ChoiceField(label=_("Dossiers"), required=False)

    def __init__(self, *args, jures, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jures"].queryset = jures
        self.fields["theme"].choices = [("", _("Tous les dossiers prêts ou en jury"))] + [
            (str(theme.pk), _("Thème « %s »") % theme.libelle) for theme in themes
        ]
        self.themes = {str(theme.pk): theme for theme in themes}
        self.fields["theme"].error_messages["invalid_choice"] = _(
            "Choisissez un thème de l'édition."
        )

    def theme_choisi(self):
        return self.themes.get(self.cleaned_data.get("theme") or "")
