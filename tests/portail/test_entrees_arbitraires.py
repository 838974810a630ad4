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

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import PathConverter, StringConverter
from django.urls.resolvers import RoutePattern
from hypothesis import example, given
from hypothesis import strategies as st

from tests.portail.entrees import (
    PARAMETRES_ANNUAIRE,
    PARAMETRES_CONNUS,
    PARAMETRES_FICHE,
    Publie,
    envoyer,
    essayer,
    nom_de_parametre,
    parametres_parmi,
    recherche,
    reglages,
    valeur_ou_liste,
    verifier,
)

pytestmark = pytest.mark.django_db


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
        **publie.projets,
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


# --- Les segments de texte des adresses, remplis de n'importe quoi -----------


def _segments_de_texte(motifs, espace=(), convertisseurs=None):
    """(nom complet, argument) de chaque argument texte d'une adresse (`<str:…>`,
    `<path:…>`, et `<slug:…>`, qui en dérive) : un `<str:…>` livre à la vue tout ce
    qui n'est pas une barre oblique, NUL compris, que PostgreSQL refuse."""
    convertisseurs = convertisseurs or {}
    for motif in motifs:
        propres = dict(getattr(motif.pattern, "converters", {}))
        if isinstance(motif, URLResolver):
            if str(motif.pattern) in ("cms/", "admin/"):
                continue
            sous_espace = (*espace, motif.namespace) if motif.namespace else espace
            yield from _segments_de_texte(
                motif.url_patterns, sous_espace, {**convertisseurs, **propres}
            )
        elif isinstance(motif, URLPattern) and motif.name:
            for argument, convertisseur in {**convertisseurs, **propres}.items():
                if isinstance(convertisseur, (StringConverter, PathConverter)):
                    yield ":".join((*espace, motif.name)), argument


SEGMENTS_DE_TEXTE = sorted(set(_segments_de_texte(get_resolver().url_patterns)))
TEMOIN = "segment-temoin-3b9e"


def test_les_segments_de_texte_sont_parcourus():
    assert ("commentaires:confirmer", "jeton") in SEGMENTS_DE_TEXTE


@pytest.mark.parametrize(
    ("nom", "argument"), SEGMENTS_DE_TEXTE, ids=[f"{n}-{a}" for n, a in SEGMENTS_DE_TEXTE]
)
@reglages(6)
@given(texte=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300))
# Le caractère que PostgreSQL refuse dans un texte (NUL), seul ou entouré.
@example(texte="\x00")
@example(texte="a\x00b")
@example(texte="é" * 300)
def test_tout_segment_de_texte_accepte_n_importe_quel_texte(nom, argument, texte, publie):
    valeurs = _arguments(publie)
    arguments = {a: valeurs[a] for a in _arguments_de(nom)}
    arguments[argument] = TEMOIN
    url = reverse(nom, kwargs=arguments).replace(TEMOIN, quote(texte, safe=""))
    essayer("get", url)
    essayer("get", url.replace(quote(texte, safe=""), "%ff%fe"))


def _arguments_de(nom: str) -> tuple[str, ...]:
    return dict(ADRESSES)[nom]
