"""Déposer comme un humain, et lire les pages rendues comme un navigateur : un arbre d'éléments construit avec
html.parser (bibliothèque standard), où un texte échappé reste du texte et une
balise injectée devient un élément. Les contrôles portent sur cet arbre."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from brest_numerique.limites import empreinte_navigateur
from commentaires.forms import horodatage

VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
BALISES_DU_TEXTE = {"p", "br", "a"}
REL_DES_LIENS = "nofollow ugc noopener"


@dataclass
class Element:
    balise: str
    attributs: list[tuple[str, str | None]]
    parent: "Element | None" = None
    enfants: list["Element | str"] = field(default_factory=list)

    def attribut(self, nom: str) -> str | None:
        return dict(self.attributs).get(nom)

    @property
    def classes(self) -> set[str]:
        return set((self.attribut("class") or "").split())

    def descendants(self) -> Iterator["Element"]:
        for enfant in self.enfants:
            if isinstance(enfant, Element):
                yield enfant
                yield from enfant.descendants()

    def tous(self, balise: str | None = None, classe: str | None = None) -> list["Element"]:
        return [
            e
            for e in self.descendants()
            if (balise is None or e.balise == balise) and (classe is None or classe in e.classes)
        ]

    def un(self, balise: str | None = None, classe: str | None = None) -> "Element":
        trouves = self.tous(balise, classe)
        assert len(trouves) == 1, f"{len(trouves)} élément(s) {balise or ''}.{classe or ''}"
        return trouves[0]

    def texte(self) -> str:
        return "".join(e if isinstance(e, str) else e.texte() for e in self.enfants)


class _Arbre(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.racine = Element("#document", [])
        self.courant = self.racine

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, parent=self.courant)
        self.courant.enfants.append(element)
        if tag not in VIDES:
            self.courant = element

    def handle_startendtag(self, tag, attrs):
        self.courant.enfants.append(Element(tag, attrs, parent=self.courant))

    def handle_endtag(self, tag):
        ouvert = self.courant
        while ouvert is not None and ouvert.balise != tag:
            ouvert = ouvert.parent
        if ouvert is not None and ouvert.parent is not None:
            self.courant = ouvert.parent

    def handle_data(self, data):
        self.courant.enfants.append(data)


def analyser(reponse_ou_html) -> Element:
    html = getattr(reponse_ou_html, "content", reponse_ou_html)
    arbre = _Arbre()
    arbre.feed(html.decode() if isinstance(html, bytes) else html)
    arbre.close()
    return arbre.racine


def commentaires_affiches(reponse) -> dict[int, Element]:
    """Les commentaires de la page publique, par identifiant (réponses comprises)."""
    affiches = {}
    for element in analyser(reponse).tous("li", "commentaire"):
        trouve = re.fullmatch(r"commentaire-(\d+)", element.attribut("id") or "")
        assert trouve, f"commentaire sans identifiant : {element.attributs}"
        affiches[int(trouve.group(1))] = element
    return affiches


def cartes_de_la_file(reponse) -> dict[int, Element]:
    """Les commentaires de la file de modération, par identifiant."""
    cartes = {}
    for carte in analyser(reponse).tous("li", "carte"):
        case = [e for e in carte.tous("input") if e.attribut("name") == "ids"]
        assert len(case) == 1
        cartes[int(case[0].attribut("value"))] = carte
    return cartes


def defauts_d_innocuite(bloc: Element) -> list[str]:
    """Tout ce qui, dans le bloc d'un commentaire, pourrait exécuter du code ou
    sortir du texte simple. Une liste vide : le bloc est inerte."""
    defauts = []
    for element in [bloc, *bloc.descendants()]:
        for nom, valeur in element.attributs:
            if nom.lower().startswith("on"):
                defauts.append(f"attribut d'événement {nom}={valeur!r} sur <{element.balise}>")
            if nom.lower() in ("href", "src", "action", "formaction", "xlink:href", "style"):
                schema = urlsplit((valeur or "").strip()).scheme.lower()
                if nom.lower() == "style" or schema not in ("http", "https", ""):
                    defauts.append(f"{nom}={valeur!r} sur <{element.balise}>")
        if element.balise in ("script", "svg", "math", "iframe", "object", "embed", "img", "style"):
            defauts.append(f"élément <{element.balise}>")
    for texte in bloc.tous(classe="commentaire__texte"):
        for element in texte.descendants():
            if element.balise not in BALISES_DU_TEXTE:
                defauts.append(f"<{element.balise}> dans le texte du commentaire")
            if element.balise == "a":
                href = element.attribut("href") or ""
                if urlsplit(href).scheme.lower() not in ("http", "https"):
                    defauts.append(f"lien non web {href!r}")
                if element.attribut("rel") != REL_DES_LIENS:
                    defauts.append(f"lien {href!r} avec rel={element.attribut('rel')!r}")
                if {nom for nom, _ in element.attributs} - {"href", "rel"}:
                    defauts.append(f"lien {href!r} avec des attributs en trop")
    return defauts


# --- Déposer -------------------------------------------------------------

IP = "203.0.113.7"


def horodatage_d_il_y_a(secondes: float, client=None) -> str:
    """Un horodatage signé comme si le formulaire avait été affiché il y a `secondes`,
    au navigateur `client` (lié à son cookie CSRF, comme le fait la page)."""
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME) if client is not None else None
    lie_a = empreinte_navigateur(cookie.value) if cookie else ""
    with time_machine.travel(timezone.now() - timedelta(seconds=secondes), tick=False):
        return horodatage(navigateur=lie_a)


def url_depot(objet) -> str:
    type_id = ContentType.objects.get_for_model(objet).pk
    return reverse("commentaires:deposer", args=[type_id, objet.pk])


def donnees(**champs) -> dict:
    """Un formulaire rempli par un humain : affiché il y a une minute, piège vide."""
    return {
        "nom": "Annaïg Le Gall",
        "email": "annaig@exemple.fr",
        "texte": "Merci pour les ateliers du mardi, très utiles.",
        "parent": "",
        "horodatage": horodatage_d_il_y_a(60),
        "site_web": "",
        **champs,
    }


def deposer(client, objet, *, ip: str = IP, **champs):
    """Dépose puis, comme le worker après la validation en production, fait les
    suites du dépôt (tâches en mode immédiat pendant les tests)."""
    champs.setdefault("horodatage", horodatage_d_il_y_a(60, client))
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url_depot(objet), donnees(**champs), REMOTE_ADDR=ip)
