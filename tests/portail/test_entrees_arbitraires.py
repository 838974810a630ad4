"""N'importe quel texte, n'importe quel nombre, dans n'importe quel paramètre
public ou champ de formulaire public : jamais d'erreur 500.

Test par propriétés (Hypothesis), sur le vrai PostgreSQL : la recherche plein
texte et les conversions de nombres y échouent autrement qu'ailleurs. Les
entrées viennent du code (champs des formulaires, lectures de `request.GET`,
table des adresses), pas d'une liste recopiée à la main, pour qu'un paramètre
ou une adresse ajoutés demain soient essayés sans toucher à ce fichier.

Une réponse 4xx ou une redirection est une bonne réponse ; une 5xx est un
défaut, et le message d'échec donne l'adresse, les données et la fin de la pile.
"""

import os
import re
import traceback
from pathlib import Path

import pytest
from allauth.account import app_settings as allauth_reglages
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from allauth.utils import get_form_class
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brest_numerique.notifications.services import lien_desabonnement
from commentaires import suites as suites_commentaires
from commentaires.forms import CommentaireForm
from commentaires.forms import SignalementForm as SignalementCommentaireForm
from commentaires.models import Commentaire
from commentaires.moderation import FiltresFile
from papi.filtres import FiltresLieux
from papi.forms import SignalementForm as SignalementLieuForm
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import donnees as donnees_commentaire
from tests.commentaires.outils import url_depot
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def publie(db):
    return Publie()


# --- Les paramètres GET de l'annuaire, de la fiche et de la sonde ------------

# Des requêtes valides où l'on glisse les paramètres arbitraires : le tri par
# distance, la recherche et les filtres d'horaires vont ainsi jusqu'au SQL.
BASES_ANNUAIRE = [
    {},
    {"tri": "distance", "lat": "48.39", "lon": "-4.49"},
    {"q": "espace numérique"},
    {"ouvert": "on", "samedi": "on", "soir": "on"},
    {"commune": "29019", "tri": "distance"},
]


@pytest.mark.parametrize("nom", ["papi:liste", "papi:geojson"])
@reglages(30)
@given(
    base=st.sampled_from(BASES_ANNUAIRE),
    q=st.none() | recherche,
    parametres=parametres_parmi(st.sampled_from(PARAMETRES_ANNUAIRE), max_size=4),
)
# Les suites d'opérateurs de l'audit. Au-delà de 100 caractères le champ refuse
# la recherche ; en deçà, "-" * 33 suffit déjà à « tsquery stack too small ».
@example(base={}, q="!(" * 60, parametres={})
@example(base={}, q="!(" * 50, parametres={})
@example(base={}, q="a <-> " * 200, parametres={})
@example(base={}, q="a <-> " * 16, parametres={})
@example(base={}, q='"' + "-" * 90, parametres={})
@example(base={}, q="-" * 33, parametres={})
@example(base={}, q="a " + "- " * 48, parametres={})
@example(base={"tri": "distance", "lat": "48.39", "lon": "-4.49"}, q="-" * 99, parametres={})
@example(base={}, q="\x00", parametres={})
@example(base={}, q=None, parametres={"page": "²"})
@example(base={}, q=None, parametres={"page": str(10**30)})
@example(base={}, q=None, parametres={"lat": "1e400", "lon": "nan", "tri": "distance"})
def test_l_annuaire_accepte_n_importe_quels_filtres(nom, base, q, parametres, publie):
    donnees = {**base, **parametres}
    if q is not None:
        donnees["q"] = q
    essayer("get", reverse(nom), donnees)


@reglages(30)
@given(
    # Les paramètres que la fiche lit, souvent ; les autres, parfois.
    parametres=parametres_parmi(
        st.sampled_from(PARAMETRES_FICHE * 10 + PARAMETRES_CONNUS), min_size=0
    )
)
@example(parametres={"repondre": "²"})
@example(parametres={"repondre": "١٢"})
@example(parametres={"repondre": "𝟗" * 30})
@example(parametres={"commentaires": "²"})
@example(parametres={"commentaires": str(10**30)})
def test_la_fiche_d_un_lieu_accepte_n_importe_quels_parametres(parametres, publie):
    essayer("get", publie.lieu.get_absolute_url(), parametres)


@reglages(10)
@given(portee=valeur_ou_liste)
@example(portee="\x00")
def test_la_sonde_accepte_n_importe_quelle_portee(portee):
    essayer("get", reverse("sante"), {"portee": portee})


# --- Toutes les adresses de la table, avec des paramètres arbitraires --------


def _adresses(motifs, espace=(), arguments=()):
    """(nom complet, noms des arguments) de chaque adresse nommée de la table."""
    for motif in motifs:
        if isinstance(motif.pattern, RoutePattern):
            noms = tuple(motif.pattern.converters)
        else:
            noms = tuple(motif.pattern.regex.groupindex)
        if isinstance(motif, URLResolver):
            # L'éditeur Wagtail, comme l'administration, est réservé aux Webmestres
            # (tests/programmes/test_cms.py) : pas de paramètre public.
            if str(motif.pattern) == "cms/":
                continue
            sous_espace = (*espace, motif.namespace) if motif.namespace else espace
            yield from _adresses(motif.url_patterns, sous_espace, arguments + noms)
        elif isinstance(motif, URLPattern) and motif.name:
            # Les pages Wagtail (un chemin sans nom de groupe) sont essayées à l'accueil.
            nombre_sans_nom = motif.pattern.regex.groups - len(motif.pattern.regex.groupindex)
            if not isinstance(motif.pattern, RoutePattern) and nombre_sans_nom:
                continue
            yield ":".join((*espace, motif.name)), arguments + noms


# L'administration est réservée au personnel (connexion et rôle), comme tout ce
# qu'on y atteint : elle n'a pas de paramètre public.
ADRESSES = sorted(
    {a for a in _adresses(get_resolver().url_patterns) if not a[0].startswith("admin:")}
)


def _arguments(publie: Publie) -> dict[str, object]:
    """De quoi remplir les arguments des adresses : un objet publié quand il en
    faut un, un jeton quelconque sinon (les jetons ont leur propre test)."""
    return {
        "slug": publie.lieu.slug,
        "type_id": publie.type_id,
        "objet_id": publie.lieu.pk,
        "pk": publie.commentaire.pk,
        "jeton": "jeton-quelconque",
        "key": "cle-quelconque",
        "uidb36": "1",
        "dispositif": "cantine",
        "restriction_id": 1,
    }


def test_la_table_des_adresses_est_parcourue():
    noms = {nom for nom, _ in ADRESSES}
    assert {"papi:liste", "papi:detail", "sante", "account_login", "programmes:accueil"} <= noms
    assert {"page", "repondre", "commentaires", "portee", "q"} <= set(PARAMETRES_CONNUS)


@pytest.mark.parametrize(("nom", "arguments"), ADRESSES, ids=[nom for nom, _ in ADRESSES])
@reglages(4)
@given(
    parametres=parametres_parmi(nom_de_parametre),
)
def test_toute_adresse_publique_accepte_n_importe_quels_parametres(
    nom, arguments, parametres, publie
):
    valeurs = _arguments(publie)
    inconnus = set(arguments) - set(valeurs)
    assert not inconnus, f"{nom} : arguments à prévoir dans _arguments() : {inconnus}"
    url = reverse(nom, kwargs={a: valeurs[a] for a in arguments})
    # Ce qu'on refuse à un anonyme sans rien lire (connexion exigée, GET non
    # permis) se reconnaît à sa réponse nue, sans paramètre.
    nue = envoyer("get", url)
    verifier(nue, "get", url)
    connexion = reverse("account_login")
    if nue.status_code == 405 or (
        nue.status_code == 302 and nue.headers["Location"].startswith(connexion)
    ):
        return
    essayer("get", url, parametres)


# --- Les jetons des liens envoyés par courriel -------------------------------


def jeton_arbitraire(vrai: str):
    """N'importe quel texte, ou un vrai jeton abîmé (coupé, prolongé, retouché)."""
    return st.one_of(
        valeur,
        st.builds(lambda n, fin: vrai[:n] + fin, st.integers(0, len(vrai)), valeur),
        st.builds(lambda debut, n: debut + vrai[n:], valeur, st.integers(0, len(vrai))),
    ).map(lambda t: t.replace("/", "_") or "x")


def _dernier_segment(lien: str) -> str:
    return lien.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("methode", ["get", "post"])
@pytest.mark.parametrize(
    "nom", ["commentaires:confirmer", "commentaires:supprimer", "notifications:desabonnement"]
)
@reglages(10)
@given(donnees=st.data())
def test_les_liens_a_jeton_acceptent_n_importe_quel_jeton(nom, methode, donnees, publie):
    lien = {
        "commentaires:confirmer": lambda: suites_commentaires.lien_confirmation(publie.commentaire),
        "commentaires:supprimer": lambda: suites_commentaires.lien_suppression(
            publie.commentaire.email
        ),
        "notifications:desabonnement": lambda: lien_desabonnement(
            email=publie.usager.email, sorte="bienvenue"
        ),
    }[nom]()
    jeton = donnees.draw(jeton_arbitraire(_dernier_segment(lien)), label="jeton")
    essayer(methode, reverse(nom, args=[jeton]))


# --- Les formulaires publics, un champ arbitraire à la fois -----------------


@pytest.fixture
def formulaires(publie):
    inscription = get_form_class(allauth_reglages.FORMS, "signup", SignupForm)
    return {
        "commentaire": (
            url_depot(publie.lieu),
            donnees_commentaire(),
            sorted(CommentaireForm.base_fields),
        ),
        "signalement_commentaire": (
            reverse("commentaires:signaler", args=[publie.commentaire.pk]),
            {"raison": SignalementCommentaireForm.base_fields["raison"].choices[0][0]},
            sorted(SignalementCommentaireForm.base_fields),
        ),
        "signalement_lieu": (
            reverse("papi:signaler", args=[publie.lieu.slug]),
            {"message": "Fermé le lundi.", "email": "annaig@exemple.fr", "site_web": ""},
            sorted(SignalementLieuForm.base_fields),
        ),
        "connexion": (
            reverse("account_login"),
            {"login": publie.usager.email, "password": MOT_DE_PASSE, "remember": ""},
            sorted(LoginForm().fields),
        ),
        "inscription": (
            reverse("account_signup"),
            {
                "email": "nouvelle@exemple.fr",
                "password1": "Un-mot-de-passe-solide-42",
                "password2": "Un-mot-de-passe-solide-42",
            },
            sorted(inscription().fields),
        ),
        "mot_de_passe_oublie": (
            reverse("account_reset_password"),
            {"email": publie.usager.email},
            sorted(ResetPasswordForm().fields),
        ),
    }


@pytest.mark.parametrize(
    "formulaire",
    [
        "commentaire",
        "signalement_commentaire",
        "signalement_lieu",
        "connexion",
        "inscription",
        "mot_de_passe_oublie",
    ],
)
@reglages(25)
@given(donnees=st.data())
def test_les_formulaires_publics_acceptent_n_importe_quel_champ(formulaire, donnees, formulaires):
    url, valides, champs = formulaires[formulaire]
    champ = donnees.draw(st.sampled_from(champs), label="champ")
    envoyees = {**valides, champ: donnees.draw(valeur_pour(champ), label="valeur")}
    essayer("post", url, envoyees)


@pytest.mark.parametrize(
    ("champ", "valeur_connue"),
    [
        ("parent", "²"),
        ("parent", "١٢"),
        ("parent", "𝟗" * 30),
        ("parent", str(10**30)),
        ("texte", "\x00"),
        ("email", "a@" + "b" * 300 + ".fr"),
    ],
)
def test_le_depot_de_commentaire_resiste_aux_valeurs_connues(champ, valeur_connue, publie):
    """Les classes de défauts déjà trouvées, essayées à chaque passage."""
    essayer("post", url_depot(publie.lieu), donnees_commentaire(**{champ: valeur_connue}))


@reglages(10)
@given(type_id=entiers, objet_id=entiers)
@example(type_id=str(10**30), objet_id="1")
def test_les_identifiants_des_adresses_de_depot_peuvent_etre_demesures(type_id, objet_id, publie):
    # Le convertisseur <int:> n'accepte que des chiffres ASCII : les négatifs
    # tombent sur une 404, les grands nombres vont jusqu'à la vue.
    chemin = f"/commentaires/deposer/{type_id.lstrip('-')}/{objet_id.lstrip('-')}/"
    essayer("post", chemin, donnees_commentaire())
    essayer("post", f"/commentaires/{objet_id.lstrip('-')}/signaler/", {"raison": "spam"})
