"""Les pages de l'instruction : droits (par rôle, par édition, par dossier), liste
filtrée d'une édition, page d'un dossier et chacune de ses actions, actions
groupées, paramètres malformés, nombre de requêtes borné."""

import pytest
from django.test import Client
from django.urls import reverse

from projets.instruction.models import Annotation
from projets.models import Dossier
from tests.factories import UserFactory
from tests.projets import outils_instruction as outils
from tests.projets.factories import (
    DossierFactory,
    EditionFactory,
    StructureFactory,
    ThemeFactory,
    dossier_depose,
)
from tests.projets.outils_instruction import (
    ACTIONS_DOSSIER,
    Statut,
    commune,
    dossier_url,
    dossiers_en_masse,
    page_de,
)

# Les fixtures communes (l'édition instruite, le client de son instructeur).
edition = outils.edition
client_instructeur = outils.client_instructeur

pytestmark = pytest.mark.django_db


# --- Droits ----------------------------------------------------------------------------


def test_l_anonyme_est_envoye_se_connecter(client, edition):
    dossier = dossier_depose(edition=edition)
    for url in (
        reverse("instruction:accueil"),
        reverse("instruction:edition", args=[edition.annee]),
        dossier_url(dossier),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 302
        assert reponse.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("profil", ["citoyen", "webmestre", "jure", "bailleur"])
def test_les_autres_profils_sont_refuses(request, client, edition, profil):
    dossier = dossier_depose(edition=edition)
    client.force_login(request.getfixturevalue(profil))
    for url in (
        reverse("instruction:accueil"),
        reverse("instruction:edition", args=[edition.annee]),
        dossier_url(dossier),
    ):
        assert client.get(url).status_code == 403
    for nom, donnees in ACTIONS_DOSSIER:
        assert client.post(dossier_url(dossier, nom), donnees).status_code == 403
    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE and not dossier.a_suivre


def test_un_instructeur_sans_adresse_verifiee_est_refuse(client, edition):
    from brest_numerique.comptes.roles import Role

    nouveau = UserFactory(role=Role.INSTRUCTEURS, email_verifie=False)
    edition.instructeurs.add(nouveau)
    client.force_login(nouveau)
    assert client.get(reverse("instruction:edition", args=[edition.annee])).status_code == 403


def test_l_instructeur_d_une_autre_edition_est_refuse_partout(client_instructeur, instructeur):
    autre = EditionFactory()
    dossier = dossier_depose(edition=autre)
    assert page_de(client_instructeur, "instruction:edition", autre.annee).status_code == 403
    assert client_instructeur.get(dossier_url(dossier)).status_code == 403
    for nom, donnees in [
        *ACTIONS_DOSSIER,
        ("instruction:demander_complements", {"texte": "Le devis.", "echeance": "2099-01-01"}),
    ]:
        assert client_instructeur.post(dossier_url(dossier, nom), donnees).status_code == 403, nom
    groupe = client_instructeur.post(
        reverse("instruction:actions_groupees", args=[autre.annee]),
        {"action": "ouvrir_instruction", "dossiers": [dossier.pk]},
    )
    assert groupe.status_code == 403
    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE
    assert not dossier.a_suivre and dossier.instructeur is None
    assert not Annotation.objects.exists()


def test_l_instructeur_de_l_edition_voit_l_edition_et_ses_dossiers(client_instructeur, edition):
    dossier = dossier_depose(edition=edition, titre="Radio des collégiens")
    liste = page_de(client_instructeur, "instruction:edition", edition.annee)
    assert liste.status_code == 200
    assert "Radio des collégiens" in liste.content.decode()
    page = client_instructeur.get(dossier_url(dossier))
    assert page.status_code == 200
    assert dossier.numero in page.content.decode()


def test_le_superutilisateur_voit_tout_sauf_les_brouillons(client, administrateur):
    dossier = dossier_depose()
    brouillon = DossierFactory(edition=dossier.edition)
    client.force_login(administrateur)
    assert page_de(client, "instruction:edition", dossier.edition.annee).status_code == 200
    assert client.get(dossier_url(dossier)).status_code == 200
    assert client.get(dossier_url(brouillon)).status_code == 404


def test_une_annee_ou_un_dossier_inconnu_donne_404(client_instructeur, edition):
    assert page_de(client_instructeur, "instruction:edition", 1999).status_code == 404
    assert client_instructeur.get("/instruction/99999999999999999999999/").status_code == 404
    assert client_instructeur.get("/instruction/dossiers/987654321/").status_code == 404
    enorme = "/instruction/dossiers/99999999999999999999999999/"
    assert client_instructeur.get(enorme).status_code == 404
    assert client_instructeur.post(enorme + "pret/").status_code == 404


def test_une_action_ouverte_par_get_ramene_a_sa_page(client_instructeur, edition):
    dossier = dossier_depose(edition=edition)
    page = reverse("instruction:dossier", args=[dossier.pk])
    for nom, _donnees in ACTIONS_DOSSIER:
        reponse = client_instructeur.get(dossier_url(dossier, nom))
        assert (reponse.status_code, reponse["Location"]) == (302, page)
    url = reverse("instruction:actions_groupees", args=[edition.annee])
    reponse = client_instructeur.get(url)
    assert reponse["Location"] == reverse("instruction:edition", args=[edition.annee])


def test_les_actions_exigent_le_jeton_csrf(instructeur, edition):
    dossier = dossier_depose(edition=edition)
    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(instructeur)
    assert navigateur.post(dossier_url(dossier, "instruction:declarer_pret")).status_code == 403
    groupe = navigateur.post(
        reverse("instruction:actions_groupees", args=[edition.annee]),
        {"action": "ouvrir_instruction", "dossiers": [dossier.pk]},
    )
    assert groupe.status_code == 403
    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE


# --- Accueil --------------------------------------------------------------------------


def test_l_accueil_mene_droit_a_la_seule_edition_en_cours(client_instructeur, edition):
    reponse = client_instructeur.get(reverse("instruction:accueil"))
    assert reponse.status_code == 302
    assert reponse.url == reverse("instruction:edition", args=[edition.annee])


def test_l_accueil_liste_les_editions_instruites_seulement(
    client_instructeur, instructeur, edition
):
    seconde = EditionFactory(titre="Édition de l'an prochain")
    seconde.instructeurs.add(instructeur)
    EditionFactory(titre="Édition d'un collègue")
    dossier_depose(edition=edition)
    DossierFactory(edition=edition)  # un brouillon ne se compte pas

    reponse = client_instructeur.get(reverse("instruction:accueil"))

    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert edition.titre in texte and "Édition de l&#x27;an prochain" in texte
    assert "Édition d&#x27;un collègue" not in texte
    assert "1 dossier déposé" in texte
    assert (
        client_instructeur.get(reverse("instruction:accueil"), {"toutes": "1"}).status_code == 200
    )


def test_l_accueil_sans_edition_confiee_le_dit(client_instructeur):
    reponse = client_instructeur.get(reverse("instruction:accueil"))
    assert reponse.status_code == 200
    assert "Aucune édition ne vous est confiée" in reponse.content.decode()


# --- Liste d'une édition ------------------------------------------------------------


def _numeros(reponse) -> list[str]:
    return [dossier.numero for dossier in reponse.context["page"]]


def test_un_brouillon_n_est_jamais_visible_a_l_instruction(client_instructeur, edition):
    dossier_depose(edition=edition)
    brouillon = DossierFactory(edition=edition, titre="Projet encore secret")

    liste = page_de(client_instructeur, "instruction:edition", edition.annee)
    assert "Projet encore secret" not in liste.content.decode()
    assert liste.context["total"] == 1
    assert client_instructeur.get(dossier_url(brouillon)).status_code == 404
    for nom, donnees in ACTIONS_DOSSIER:
        assert client_instructeur.post(dossier_url(brouillon, nom), donnees).status_code == 404
    client_instructeur.post(
        reverse("instruction:actions_groupees", args=[edition.annee]),
        {"action": "ouvrir_instruction", "dossiers": [brouillon.pk]},
    )
    brouillon.refresh_from_db()
    assert brouillon.statut == Statut.BROUILLON
    assert not brouillon.historique.exists()


def test_les_filtres_et_les_comptes_par_etat(client_instructeur, instructeur, edition):
    video = ThemeFactory(libelle="Vidéo", slug="video")
    edition.themes.add(video)
    a = dossier_depose(edition=edition, titre="Atelier photo")
    b = dossier_depose(edition=edition, titre="Webradio")
    c = dossier_depose(
        edition=edition, titre="Fablab", structure=StructureFactory(nom="Les Petits Débrouillards")
    )
    b.themes.add(video)
    b.ouvrir_instruction(par=instructeur)
    Dossier.objects.filter(pk=c.pk).update(a_suivre=True)
    plouzane = commune("29212", "Plouzané")
    a.communes.add(plouzane)

    def numeros(**params):
        return _numeros(page_de(client_instructeur, "instruction:edition", edition.annee, **params))

    assert numeros() == [a.numero, b.numero, c.numero]
    assert numeros(statut="en_instruction") == [b.numero]
    assert numeros(theme=str(video.pk)) == [b.numero]
    assert numeros(commune="29212") == [a.numero]
    assert numeros(instructeur="moi") == [b.numero]
    assert numeros(instructeur=str(instructeur.pk)) == [b.numero]
    assert numeros(instructeur="aucun") == [a.numero, c.numero]
    assert numeros(a_suivre="on") == [c.numero]
    assert numeros(q="webrad") == [b.numero]
    assert numeros(q="débrouillards") == [c.numero]
    assert numeros(q=c.numero) == [c.numero]
    assert numeros(tri="-numero") == [c.numero, b.numero, a.numero]
    assert numeros(tri="titre") == [a.numero, c.numero, b.numero]

    comptes = dict(
        page_de(client_instructeur, "instruction:edition", edition.annee, q="a").context["par_etat"]
    )
    # « a » : Atelier photo, Webradio, Fablab ; les comptes suivent la recherche.
    assert comptes[Statut.DEPOSE] == 2 and comptes[Statut.EN_INSTRUCTION] == 1
    assert comptes[Statut.IRRECEVABLE] == 0 and Statut.BROUILLON not in comptes


def test_le_filtre_des_messages_non_lus(client_instructeur, instructeur, edition):
    from projets.echanges.services import message_envoyer, messages_marquer_lus

    lu, non_lu, muet = (dossier_depose(edition=edition) for _ in range(3))
    for dossier in (lu, non_lu):
        membre = dossier.structure.membres.first().user
        message_envoyer(dossier=dossier, par=membre, texte="Bonjour.", cote="candidat")
    messages_marquer_lus(dossier=lu, user=instructeur, jusqu_a=lu.messages.get().pk)

    reponse = page_de(client_instructeur, "instruction:edition", edition.annee, non_lus="on")

    assert _numeros(reponse) == [non_lu.numero]
    texte = reponse.content.decode()
    assert "1 message non lu" in texte
    assert reverse("instruction:messages", args=[non_lu.pk]) in texte
    tries = page_de(client_instructeur, "instruction:edition", edition.annee, tri="non_lus")
    assert _numeros(tries) == [non_lu.numero, lu.numero, muet.numero]


@pytest.mark.parametrize(
    "params",
    [
        {"statut": "n_importe_quoi"},
        {"statut": "brouillon"},
        {"theme": "abc"},
        {"theme": "99999999999999999999999"},
        {"commune": "'; DROP TABLE"},
        {"instructeur": "12345678"},
        {"instructeur": "-1"},
        {"tri": "structure__membres__user__password"},
        {"page": "²"},
        {"page": "-3"},
        {"page": "999999"},
        {"page": "1" * 40},
        {"q": "a\x00b"},
        {"q": "x" * 500},
        {"a_suivre": "peut-être"},
    ],
)
def test_un_parametre_malforme_est_ignore_sans_erreur(client_instructeur, edition, params):
    dossier = dossier_depose(edition=edition)
    reponse = page_de(client_instructeur, "instruction:edition", edition.annee, **params)
    assert reponse.status_code == 200
    # La valeur fausse est ignorée : la liste reste entière (« peut-être » vaut oui).
    attendu = [] if "a_suivre" in params else [dossier.numero]
    assert _numeros(reponse) == attendu


def test_la_liste_est_paginee(client_instructeur, edition):
    dossiers_en_masse(edition, 60)
    premiere = page_de(client_instructeur, "instruction:edition", edition.annee)
    seconde = page_de(client_instructeur, "instruction:edition", edition.annee, page="2")
    assert len(premiere.context["page"]) == 50 and len(seconde.context["page"]) == 10
    assert set(_numeros(premiere)).isdisjoint(_numeros(seconde))
    assert "Page 1 sur 2" in premiere.content.decode()


@pytest.mark.parametrize("nombre", [20, 200])
def test_la_liste_tient_en_douze_requetes(
    client_instructeur, edition, django_assert_max_num_queries, nombre
):
    dossiers_en_masse(edition, nombre)
    params = {"q": "masse", "theme": str(edition.themes.first().pk), "a_suivre": ""}
    with django_assert_max_num_queries(12):
        reponse = page_de(client_instructeur, "instruction:edition", edition.annee, **params)
    assert reponse.status_code == 200
    assert reponse.context["total"] == nombre


def test_la_liste_fait_le_meme_nombre_de_requetes_pour_20_et_200_dossiers(
    client_instructeur, edition, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Un premier affichage garde les droits du compte (comptes/droits.py) : on compare
    # ensuite des affichages ordinaires.
    page_de(client_instructeur, "instruction:edition", edition.annee)
    comptes = []
    for nombre in (20, 180):
        dossiers_en_masse(edition, nombre)
        with CaptureQueriesContext(connection) as requetes:
            page_de(client_instructeur, "instruction:edition", edition.annee)
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= 12
