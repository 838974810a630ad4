"""Les filtres de la liste des lauréats (?theme=<slug>&commune=<code INSEE>) et de la
page des statistiques (?edition=<année>), et la clé de cache qu'ils donnent."""

import re

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
CODE_INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}")
ANNEE = re.compile(r"[0-9]{4}")


class FiltresLaureats(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)

    def __init__(self, *args, themes, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes"))] + [
            (t.slug, t.libelle) for t in themes
        ]
        self.fields["commune"].choices = [("", _("Toutes les communes"))] + [
            (c.code_insee, c.nom) for c in communes
        ]

    def appliquer(self, laureats):
        if self.cleaned_data.get("theme"):
            laureats = laureats.filter(dossier__themes__slug=self.cleaned_data["theme"])
        if self.cleaned_data.get("commune"):
            laureats = laureats.filter(dossier__communes__code_insee=self.cleaned_data["commune"])
        return laureats


def _une_valeur(request: HttpRequest, nom: str, forme: re.Pattern) -> str | None:
    """« » sans le paramètre, sa valeur si elle a la bonne forme, None sinon."""
    valeurs = request.GET.getlist(nom)
    if not valeurs:
        return ""
    if len(valeurs) > 1 or not forme.fullmatch(valeurs[0]):
        return None
    return valeurs[0]


def cle_de_la_liste(request: HttpRequest) -> str | None:
    """La forme canonique des filtres, sans requête SQL ; None (page non gardée) pour
    un paramètre inconnu ou mal formé. Une valeur bien formée mais inconnue mène au
    400, que le cache ne garde pas."""
    if set(request.GET) - {"theme", "commune"}:
        return None
    theme = _une_valeur(request, "theme", SLUG)
    commune = _une_valeur(request, "commune", CODE_INSEE)
    if theme is None or commune is None:
        return None
    return f"theme={theme}&commune={commune}"


def cle_des_statistiques(request: HttpRequest) -> str | None:
    if set(request.GET) - {"edition"}:
        return None
    edition = _une_valeur(request, "edition", ANNEE)
    return None if edition is None else f"edition={edition}"


def cle_de_la_fiche(request: HttpRequest) -> str | None:
    # `repondre` ouvre le formulaire de réponse : page propre à ce visiteur.
    if set(request.GET) - {"commentaires"}:
        return None
    page = _une_valeur(request, "commentaires", re.compile(r"[1-9][0-9]{0,2}"))
    return None if page is None else f"commentaires={page}"
