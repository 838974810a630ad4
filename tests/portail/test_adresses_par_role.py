"""Chaque adresse du portail, pour chaque profil : anonyme, citoyen, chaque rôle,
superutilisateur. Les adresses viennent de la configuration d'URL (pas d'une liste
tenue à la main) ; une adresse nouvelle sans ligne dans ATTENDU fait échouer le test,
si bien qu'on ne l'ajoute pas sans décider qui y a droit. L'administration a son
propre test, sur le registre de ses modèles (test_administration_par_role.py), et
l'éditeur Wagtail (/cms/) le sien (tests/programmes/test_cms.py)."""

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.commentaires.factories import CommentaireFactory
from tests.papi.factories import LieuFactory
from tests.portail.adresses_deliberation import ATTENDU_DELIBERATION, arguments_deliberation
from tests.portail.adresses_donnees_ouvertes import ATTENDU_DONNEES_OUVERTES
from tests.portail.adresses_ipt_bailleurs import ATTENDU_IPT_BAILLEURS, arguments_ipt_bailleurs
from tests.portail.adresses_ipt_facturation import (
    ATTENDU_IPT_FACTURATION,
    arguments_ipt_facturation,
)
from tests.portail.adresses_ipt_gestion import ATTENDU_IPT_GESTION, arguments_ipt_gestion
from tests.portail.adresses_ipt_public import ATTENDU_IPT_PUBLIC, arguments_ipt_public
from tests.portail.adresses_jury import ATTENDU_JURY, arguments_jury
from tests.portail.adresses_laureats import ATTENDU_LAUREATS, arguments_laureats
from tests.portail.adresses_moderation import ATTENDU_MODERATION
from tests.portail.adresses_projets import ATTENDU_PROJETS
from tests.portail.profils import (
    JETON_INVALIDE,
    POST_SEULEMENT,
    POUR_LES_ANONYMES,
    PROFILS,
    PUBLIC,
    connecte,
    pour_tous,
    reserve,
)
from tests.projets.factories import arguments_des_adresses

pytestmark = pytest.mark.django_db


# Nom d'URL → statut d'un GET pour chaque profil.
ATTENDU: dict[str, dict[str, int]] = {
    # Pages publiques du programme et de l'annuaire.
    "programmes:accueil": PUBLIC,
    "programmes:programme": PUBLIC,
    "internet_pour_tous:presentation": PUBLIC,
    "papi:liste": PUBLIC,
    "papi:detail": PUBLIC,
    "papi:geojson": PUBLIC,
    "papi:csv": PUBLIC,
    "papi:signaler": POST_SEULEMENT,
    # Les pages Wagtail (ici l'accueil) et les documents qu'elles proposent.
    "wagtail_serve": PUBLIC,
    "flux_actualites_rss": PUBLIC,
    "flux_actualites_atom": PUBLIC,
    "flux_dispositif_rss": pour_tous(404),  # le slug d'un lieu n'est pas un dispositif
    "flux_dispositif_atom": pour_tous(404),
    "plan_du_site": PUBLIC,
    "robots_txt": PUBLIC,
    "recherche": PUBLIC,
    "wagtaildocs_serve": pour_tous(404),  # document inexistant
    "wagtaildocs_authenticate_with_password": pour_tous(404),  # aucune restriction
    "mentions_legales": PUBLIC,
    "accessibilite": PUBLIC,
    "donnees_personnelles": PUBLIC,
    "contact": PUBLIC,
    "sante": PUBLIC,
    # Le plancher du banc n'existe pas hors du banc (PLANCHER_ACTIF).
    "plancher": pour_tous(404),
    "plancher_ecriture": pour_tous(404),
    # Commentaires : dépôt et signalement par POST, liens signés des courriels.
    "commentaires:deposer": POST_SEULEMENT,
    "commentaires:signaler": POST_SEULEMENT,
    "commentaires:confirmer": JETON_INVALIDE,
    "commentaires:supprimer": JETON_INVALIDE,
    "notifications:desabonnement": JETON_INVALIDE,
    # Modération : les Webmestres seulement.
    "commentaires:moderation": reserve("webmestre"),
    "commentaires:agir": POST_SEULEMENT,
    "commentaires:rythme": POST_SEULEMENT,
    # « Être accompagné » : le formulaire est public, la liste de l'équipe réservée.
    "accompagnement:formulaire": PUBLIC,
    "accompagnement:deposer": PUBLIC,  # même adresse : un GET affiche le formulaire
    "accompagnement:merci": PUBLIC,
    "accompagnement:liste": reserve("webmestre"),
    "accompagnement:detail": reserve("webmestre", statut=404),  # aucune demande de ce numéro
    # Compte.
    "comptes:compte": connecte(200),
    "account_login": POUR_LES_ANONYMES,
    "account_signup": POUR_LES_ANONYMES,
    "account_logout": connecte(200),
    "account_inactive": PUBLIC,
    "account_reauthenticate": connecte(200),
    "account_email": connecte(200),
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,  # un lien périmé s'explique, il ne renvoie pas
    "account_confirm_login_code": pour_tous(302),  # hors d'une connexion par code
    "account_change_password": connecte(200),
    "account_set_password": pour_tous(302),  # ces comptes ont déjà un mot de passe
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    # Double authentification : sans TOTP activé, rien à désactiver ni à montrer.
    "mfa_index": connecte(200),
    "mfa_authenticate": pour_tous(302),  # hors d'une connexion en cours
    "mfa_reauthenticate": pour_tous(302),
    "mfa_activate_totp": pour_tous(302),  # demande d'abord de se réauthentifier
    "mfa_deactivate_totp": connecte(404),
    "mfa_generate_recovery_codes": pour_tous(302),
    "mfa_view_recovery_codes": connecte(404),
    "mfa_download_recovery_codes": connecte(404),
    # L'appel à projets, dans son propre module.
    **ATTENDU_PROJETS,
    **ATTENDU_JURY,
    **ATTENDU_DELIBERATION,
    **ATTENDU_LAUREATS,
    **ATTENDU_IPT_PUBLIC,
    **ATTENDU_IPT_GESTION,
    **ATTENDU_IPT_FACTURATION,
    **ATTENDU_IPT_BAILLEURS,
    **ATTENDU_DONNEES_OUVERTES,
    **ATTENDU_MODERATION,
}


def _motifs(motifs, prefixe="", espace=None):
    for motif in motifs:
        if isinstance(motif, URLResolver):
            sous_espace = motif.namespace or espace
            if motif.namespace and espace:
                sous_espace = f"{espace}:{motif.namespace}"
            yield from _motifs(motif.url_patterns, prefixe + str(motif.pattern), sous_espace)
        elif isinstance(motif, URLPattern):
            nom = f"{espace}:{motif.name}" if espace else motif.name
            yield prefixe + str(motif.pattern), nom, motif


def adresses_du_portail():
    """(nom, motif) de chaque adresse hors administration."""
    for route, nom, motif in _motifs(get_resolver().url_patterns):
        if route.startswith(("admin/", "cms/")):
            continue
        yield nom or route, motif


def arguments_creer() -> dict:
    """De quoi remplir chaque paramètre d'adresse : un lieu publié, un commentaire
    publié, et des jetons quelconques (les vues à jeton répondent alors 400)."""
    lieu = LieuFactory()
    commentaire = CommentaireFactory(objet=lieu, statut="publie")
    return {
        "slug": lieu.slug,
        "type_id": ContentType.objects.get_for_model(lieu).pk,
        "objet_id": lieu.pk,
        "pk": commentaire.pk,
        "jeton": "jeton-invalide",
        "key": "cle-invalide",
        "uidb36": "zz",
        "restriction_id": 999999,
        "dispositif": "cantine",
        **arguments_des_adresses(),
        **arguments_jury(),
        **arguments_deliberation(),
        **arguments_laureats(),
        **arguments_ipt_public(),
        **arguments_ipt_gestion(),
        **arguments_ipt_facturation(),
        **arguments_ipt_bailleurs(),
    }


@pytest.fixture
def arguments(db):
    return arguments_creer()


@pytest.fixture(scope="module")
def arguments_du_module(donnees_du_module):
    """Les mêmes, créés une fois pour les tests du module qui parcourent toutes les
    adresses (un par profil) : ils n'envoient que des GET, chaque test dans son
    point de sauvegarde annulé, et voient donc les mêmes lignes qu'avec des
    arguments neufs."""
    return donnees_du_module(arguments_creer)


# Les adresses à groupes sans nom (expressions régulières de Wagtail).
POSITIONNELS = {"wagtail_serve": [""], "wagtaildocs_serve": ["999999", "absent.pdf"]}


def _url(nom: str, motif, arguments) -> str:
    if nom in POSITIONNELS:
        return reverse(nom, args=POSITIONNELS[nom])
    noms_des_parametres = motif.pattern.regex.groupindex
    return reverse(nom, kwargs={p: arguments[p] for p in noms_des_parametres})


def une_visite_par_adresse(request, arguments) -> Iterator[tuple[str, str, str, object]]:
    """(nom, profil, adresse, réponse) : chaque adresse du tableau, visitée une fois,
    par le premier profil qui la reçoit en 200 (l'anonyme d'abord, le
    superutilisateur en dernier). `request` : celle du test, pour ses fixtures."""
    clients: dict[str, Client] = {}
    for nom, motif in adresses_du_portail():
        profil = next((p for p in PROFILS if ATTENDU.get(nom, {}).get(p) == 200), None)
        if profil is None:
            continue
        if profil not in clients:
            clients[profil] = Client(raise_request_exception=False)
            if profil != "anonyme":
                clients[profil].force_login(request.getfixturevalue(profil))
        adresse = _url(nom, motif, arguments)
        yield nom, profil, adresse, clients[profil].get(adresse)


def test_chaque_adresse_du_portail_a_sa_ligne_dans_le_tableau():
    absentes = sorted({nom for nom, _ in adresses_du_portail()} - set(ATTENDU))
    assert not absentes, f"Adresses sans décision d'accès : {absentes}"
    en_trop = sorted(set(ATTENDU) - {nom for nom, _ in adresses_du_portail()})
    assert not en_trop, f"Lignes pour des adresses qui n'existent plus : {en_trop}"


@pytest.mark.parametrize("profil", PROFILS)
def test_chaque_profil_recoit_la_reponse_prevue_sur_chaque_adresse(
    request, arguments_du_module, profil
):
    arguments = arguments_du_module
    client = Client(raise_request_exception=False)
    if profil != "anonyme":
        client.force_login(request.getfixturevalue(profil))
    ecarts = {}
    for nom, motif in adresses_du_portail():
        if nom not in ATTENDU:
            continue
        statut = client.get(_url(nom, motif, arguments)).status_code
        if statut != ATTENDU[nom][profil]:
            ecarts[nom] = (ATTENDU[nom][profil], statut)
    assert not ecarts, f"{profil} : (attendu, obtenu) {ecarts}"
