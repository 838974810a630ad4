"""Ce que partagent les tests par propriétés des entrées publiques
(test_entrees_arbitraires.py, test_formulaires_arbitraires.py) : réglages
d'Hypothesis, paramètres lus dans le code, valeurs arbitraires, envoi et
vérification qu'aucune réponse n'est une 5xx, données publiées."""

import os
import re
import traceback
from pathlib import Path

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from commentaires.forms import CommentaireForm
from commentaires.models import Commentaire
from commentaires.moderation import FiltresFile
from papi.filtres import FiltresLieux
from tests.commentaires.factories import CommentaireFactory
from tests.factories import UserFactory
from tests.papi.factories import LieuFactory
from tests.portail.adresses_deliberation import arguments_deliberation
from tests.portail.adresses_ipt_bailleurs import arguments_ipt_bailleurs
from tests.portail.adresses_ipt_facturation import arguments_ipt_facturation
from tests.portail.adresses_ipt_gestion import arguments_ipt_gestion
from tests.portail.adresses_ipt_public import arguments_ipt_public
from tests.portail.adresses_jury import arguments_jury
from tests.portail.adresses_laureats import arguments_laureats
from tests.projets.factories import arguments_des_adresses

# --- Réglages d'Hypothesis ---------------------------------------------------
#
# derandomize=True : les exemples sont tirés d'une graine dérivée du nom du test,
# donc la CI essaie exactement les mêmes entrées à chaque passage (un échec se
# reproduit à l'identique sur un poste, et un test vert ne devient pas rouge au
# hasard d'un tirage). database=None : rien n'est écrit dans .hypothesis/ du
# dépôt (avec une graine fixe, rejouer les échecs passés n'apporterait rien).
# Les classes de défauts déjà connues sont fixées par des @example, essayés à
# chaque passage quel que soit le tirage.
#
# Pour chercher plus loin, à la main : FUZZ_EXPLORER=1 tire au hasard, dix fois
# plus d'exemples (compter plusieurs minutes).
EXPLORER = os.environ.get("FUZZ_EXPLORER") == "1"


def reglages(exemples: int):
    return settings(
        max_examples=exemples * 10 if EXPLORER else exemples,
        deadline=None,
        derandomize=not EXPLORER,
        database=None,
        # Les fixtures (données publiées) sont partagées par les exemples d'un
        # test : chaque exemple s'exécute dans un point de sauvegarde annulé.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- Les paramètres lus par le code -----------------------------------------

RACINE = Path(__file__).resolve().parents[2]
APPLICATIONS = (
    "brest_numerique",
    "papi",
    "commentaires",
    "programmes",
    "projets",
    "internet_pour_tous",
)
LECTURE = re.compile(r"request\.(?:GET|POST)(?:\.get\(|\[)\s*[\"'](\w+)[\"']")


def parametres_lus_dans_le_code() -> set[str]:
    """Les noms lus directement dans `request.GET` / `request.POST` par le code."""
    noms = set()
    for application in APPLICATIONS:
        for fichier in (RACINE / application).rglob("*.py"):
            if "migrations" not in fichier.parts:
                noms |= set(LECTURE.findall(fichier.read_text(encoding="utf-8")))
    return noms


PARAMETRES_ANNUAIRE = sorted(FiltresLieux.base_fields) + ["page"]
PARAMETRES_FICHE = ["repondre", "commentaires"]
PARAMETRES_CONNUS = sorted(
    parametres_lus_dans_le_code()
    | set(PARAMETRES_ANNUAIRE)
    | set(FiltresFile.base_fields)
    | {"next", "_"}  # le retour après connexion (allauth), l'anti-cache des scripts
)

# --- Les valeurs arbitraires -------------------------------------------------

OPERATEURS = "!&|:*()<->\"'\\- "
# Des suites d'opérateurs de recherche qui, répétées, épuisent la pile de
# l'analyseur de tsquery de PostgreSQL.
MOTIFS = ["!(", "a <-> ", "-", '"-', "!", "(", "& ", "| ", ":*", "<2>", "'", "\\", "-(", '"']

# Chiffres de toutes les écritures (Nd) et chiffres « autres » (No : exposants,
# cerclés), que str.isdigit() accepte et qu'int() refuse ou lit autrement. Les
# chiffres ASCII viennent en premier dans Unicode : on les tient à part pour que
# le tirage ne s'y cantonne pas.
chiffres = st.text(
    st.one_of(
        st.characters(categories=["Nd", "No"], min_codepoint=0x80),
        st.sampled_from("0123456789²³¹①⑨٣۳१𝟗"),
    ),
    min_size=1,
    max_size=6,
)
operateurs = st.text(st.sampled_from(OPERATEURS), min_size=1, max_size=200)
motif_repete = st.builds(
    lambda debut, motif, fois: debut + motif * fois,
    st.sampled_from(["", "a", '"', "brest "]),
    st.sampled_from(MOTIFS),
    st.integers(1, 150),
)
# Contrôles (NUL compris : le client l'encode en %00), formats invisibles, séparateurs.
controles = st.text(
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), min_size=1, max_size=8
)
entiers = st.one_of(
    st.integers(),
    st.integers(-(10**40), 10**40),
    st.sampled_from([10**30, -(10**30), 2**31, 2**63, 2**64, -1, 0]),
).map(str)
flottants = st.one_of(
    st.floats().map(repr),
    st.sampled_from(
        ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "1_000"]
        + ["0x1A", " 7 ", "+3", "٣.٥", "1,5", "4.2.1"]
    ),
)
texte = st.text(max_size=80)  # tout Unicode (hors demi-codets, impossibles à encoder)

valeur = st.one_of(texte, chiffres, operateurs, motif_repete, controles, entiers, flottants)
# La recherche plein texte : des suites d'opérateurs, souvent coupées à la longueur
# que le champ accepte (100) pour qu'elles aillent jusqu'à PostgreSQL.
recherche = st.one_of(
    motif_repete.map(lambda t: t[:100]),
    operateurs.map(lambda t: t[:100]),
    motif_repete,
    valeur,
)
# Un paramètre répété : le code doit savoir laquelle des valeurs il lit.
valeur_ou_liste = st.one_of(valeur, st.lists(valeur, min_size=2, max_size=3))

# Les paramètres numériques (champs de nombres des formulaires, numéros de page,
# de commentaire) reçoivent surtout des nombres tordus : chiffres non latins ou
# en exposant, entiers démesurés, flottants spéciaux.
NUMERIQUES = {
    nom
    for formulaire in (FiltresLieux, FiltresFile, CommentaireForm)
    for nom, champ in formulaire.base_fields.items()
    if isinstance(champ, forms.IntegerField | forms.FloatField | forms.DecimalField)
} | {"page", "repondre", "commentaires", "page_objet"}
nombre_tordu = st.one_of(chiffres, entiers, flottants)


def valeur_pour(nom: str):
    if nom == "q":
        return recherche
    if nom in NUMERIQUES:
        return st.one_of(nombre_tordu, nombre_tordu, valeur_ou_liste)
    return valeur_ou_liste


@st.composite
def parametres_parmi(draw, noms, *, min_size=1, max_size=3):
    """Quelques paramètres pris dans `noms`, chacun avec une valeur à sa mesure."""
    choisis = draw(st.lists(noms, min_size=min_size, max_size=max_size, unique=True))
    return {nom: draw(valeur_pour(nom)) for nom in choisis}


nom_de_parametre = st.one_of(
    st.sampled_from(PARAMETRES_CONNUS), st.text(min_size=1, max_size=20), chiffres
)


# --- Envoyer, vérifier ------------------------------------------------------


def envoyer(methode: str, url: str, donnees=None, **extra):
    """Une requête anonyme neuve, limites de débit remises à zéro, dans un point
    de sauvegarde annulé : un exemple n'hérite ni des lignes écrites par le
    précédent ni d'une transaction cassée par une erreur SQL."""
    cache.clear()
    client = Client(raise_request_exception=False)
    with transaction.atomic():
        reponse = getattr(client, methode)(url, donnees, **extra)
        transaction.set_rollback(True)
    return reponse


def _fin_de_pile(exc_info) -> str:
    """Les derniers appels passés dans le code du projet, puis l'exception."""
    type_, exception, pile = exc_info
    appels = [
        f"  {Path(appel.filename).relative_to(RACINE)}:{appel.lineno} {appel.name} : {appel.line}"
        for appel in traceback.extract_tb(pile)
        if Path(appel.filename).is_relative_to(RACINE) and "site-packages" not in appel.filename
    ]
    return "\n".join([*appels[-3:], f"{type_.__module__}.{type_.__qualname__}: {exception}"])


def verifier(reponse, methode: str, url: str, donnees=None) -> None:
    if reponse.status_code < 500:
        return
    pile = _fin_de_pile(reponse.exc_info) if reponse.exc_info else ""
    raise AssertionError(
        f"{methode.upper()} {url} avec {donnees!r} → {reponse.status_code}\n{pile}"
    )


def essayer(methode: str, url: str, donnees=None, **extra) -> None:
    verifier(envoyer(methode, url, donnees, **extra), methode, url, donnees)


# --- Les données publiques ---------------------------------------------------


class Publie:
    """Ce qu'un visiteur anonyme trouve sur le site : des lieux, un commentaire
    publié, un compte où se connecter."""

    def __init__(self):
        self.lieux = [LieuFactory() for _ in range(3)]
        self.lieu = self.lieux[0]
        self.commentaire = CommentaireFactory(objet=self.lieu, statut=Commentaire.Statut.PUBLIE)
        self.usager = UserFactory()
        self.type_id = ContentType.objects.get_for_model(self.lieu).pk
        # Une édition ouverte, un dossier déposé et sa pièce (appel à projets).
        self.projets = {
            **arguments_des_adresses(),
            **arguments_jury(),
            **arguments_deliberation(),
            **arguments_laureats(),
            **arguments_ipt_public(),
            **arguments_ipt_gestion(),
            **arguments_ipt_facturation(),
            **arguments_ipt_bailleurs(),
        }
