from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from papi.referentiel import SEPARATEUR


class ListeTexteFormField(forms.CharField):
    """Saisie d'une liste libre en une ligne, valeurs séparées par « | »."""

    def prepare_value(self, value):
        return SEPARATEUR.join(value) if isinstance(value, list) else value

    def to_python(self, value):
        texte = super().to_python(value)
        return [v.strip() for v in texte.split(SEPARATEUR) if v.strip()]


class ListeField(models.TextField):
    """Une liste de libellés, stockée « |a|b| » : le séparateur du standard
    encadre chaque valeur, si bien qu'un filtre `champ__contains="|a|"` trouve
    exactement la valeur a, sur PostgreSQL comme sur SQLite, sans JSON."""

    def __init__(self, *args, choix: list[str] | None = None, **kwargs):
        self.choix = choix
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.choix is not None:
            kwargs["choix"] = self.choix
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value or []
        return [v for v in value.split(SEPARATEUR) if v]

    def get_prep_value(self, value):
        # Une chaîne déjà encadrée (« |a| ») est un motif de recherche : telle quelle.
        # Une autre chaîne est une liste au format du standard (« a|b ») à encadrer.
        if isinstance(value, str):
            if not value or value.startswith(SEPARATEUR):
                return value
            value = value.split(SEPARATEUR)
        valeurs = [v for v in (value or []) if v]
        return f"{SEPARATEUR}{SEPARATEUR.join(valeurs)}{SEPARATEUR}" if valeurs else ""

    def value_to_string(self, obj):
        return SEPARATEUR.join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        if self.choix is None:
            return ListeTexteFormField(
                required=not self.blank,
                label=self.verbose_name.capitalize(),
                help_text=self.help_text or _("Plusieurs valeurs séparées par « | »."),
            )
        return forms.TypedMultipleChoiceField(
            choices=[(c, c) for c in self.choix],
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def contient(champ: str, valeur: str) -> dict:
    """Filtre « la liste `champ` contient `valeur` »."""
    return {f"{champ}__contains": f"{SEPARATEUR}{valeur}{SEPARATEUR}"}
