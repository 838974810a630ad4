"""Les pages de l'équipe : qui y entre, ce que la liste montre (filtres,
compteurs, pagination) en un nombre fixe de requêtes, et le suivi depuis la
page d'une demande."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.accompagnement.models import DemandeAccompagnement
from tests.accompagnement.outils import demande as nouvelle_demande
from tests.commentaires.outils import analyser

pytestmark = pytest.mark.django_db

Statut = DemandeAccompagnement.Statut


@pytest.fixture
def une_demande():
    return nouvelle_demande()


def _adresses(une_demande):
    return [
        reverse("accompagnement:liste"),
        reverse("accompagnement:detail", args=[une_demande.pk]),
    ]


def test_l_anonyme_est_renvoye_vers_la_connexion(client, une_demande):
    for url in _adresses(une_demande):
        reponse = client.get(url)
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("account_login"))
    assert client.post(_adresses(une_demande)[1], {"action": "clore"}).status_code == 302
    une_demande.refresh_from_db()
    assert une_demande.statut == Statut.NOUVEAU


@pytest.mark.parametrize("profil", ["citoyen", "instructeur", "bailleur"])
def test_les_autres_comptes_et_roles_recoivent_403(request, client, une_demande, profil):
    client.force_login(request.getfixturevalue(profil))

    for url in _adresses(une_demande):
        assert client.get(url).status_code == 403
    assert client.post(_adresses(une_demande)[1], {"action": "clore"}).status_code == 403
    une_demande.refresh_from_db()
    assert une_demande.statut == Statut.NOUVEAU


@pytest.mark.parametrize("profil", ["webmestre", "administrateur"])
def test_les_webmestres_et_l_administrateur_y_entrent(request, client, une_demande, profil):
    client.force_login(request.getfixturevalue(profil))

    for url in _adresses(une_demande):
        assert client.get(url).status_code == 200


def test_une_demande_inconnue_repond_404_au_webmestre(client, webmestre):
    client.force_login(webmestre)

    assert client.get(reverse("accompagnement:detail", args=[999999])).status_code == 404


def test_la_liste_filtre_par_statut_et_dispositif_et_compte(client, webmestre):
    nouvelle_demande(nom="Alice Cantine", dispositif="cantine")
    nouvelle_demande(nom="Bruno Cantine", dispositif="cantine", statut=Statut.EN_COURS)
    nouvelle_demande(nom="Chloé Pépinière", dispositif="pepinieres", statut=Statut.CLOS)
    nouvelle_demande(nom="David Tech", dispositif="french_tech", statut=Statut.EN_COURS)
    client.force_login(webmestre)

    tout = client.get(reverse("accompagnement:liste"))
    cantine = client.get(reverse("accompagnement:liste"), {"dispositif": "cantine"})
    en_cours = client.get(reverse("accompagnement:liste"), {"statut": "en_cours"})
    a_traiter = client.get(reverse("accompagnement:liste"), {"statut": "a_traiter"})

    def noms(reponse):
        return {a.texte().split(" · ")[0] for a in analyser(reponse).un("tbody").tous("a")}

    assert noms(tout) == {"Alice Cantine", "Bruno Cantine", "Chloé Pépinière", "David Tech"}
    assert noms(cantine) == {"Alice Cantine", "Bruno Cantine"}
    assert noms(en_cours) == {"Bruno Cantine", "David Tech"}
    assert noms(a_traiter) == {"Alice Cantine", "Bruno Cantine", "David Tech"}
    assert tout.context["total"] == 4
    assert dict(cantine.context["par_statut"]) == {
        Statut.NOUVEAU: 1,
        Statut.EN_COURS: 1,
        Statut.REPONDU: 0,
        Statut.CLOS: 0,
    }
    assert dict(en_cours.context["par_dispositif"]) == {
        "cantine": 1,
        "pepinieres": 0,
        "french_tech": 1,
    }
    assert "2 demandes" in analyser(cantine).un("main").texte()


def test_un_filtre_inconnu_est_ignore(client, webmestre, une_demande):
    client.force_login(webmestre)

    reponse = client.get(reverse("accompagnement:liste"), {"statut": "bidon", "page": "x"})

    assert reponse.status_code == 200
    assert reponse.context["total"] == 1


def _demandes_en_masse(nombre: int, par) -> None:
    maintenant = timezone.now()
    DemandeAccompagnement.objects.bulk_create(
        DemandeAccompagnement(
            dispositif=["cantine", "pepinieres", "french_tech"][numero % 3],
            nom=f"Personne {numero}",
            email=f"personne{numero}@exemple.fr",
            structure_nom=f"Structure {numero}",
            structure_type="entreprise",
            stade="idee",
            besoin="Un besoin.",
            consenti_le=maintenant,
            statut=Statut.EN_COURS if numero % 2 else Statut.NOUVEAU,
            traitee_par=par if numero % 2 else None,
        )
        for numero in range(nombre)
    )


# Ce que coûte toute page pour un webmestre connecté, avant la vue : session,
# compte, adresse vérifiée, permissions propres et de groupe, compteur de la file
# de modération du menu. La liste elle-même : les compteurs et la page, 2 requêtes.
REQUETES_DU_PORTAIL = 6
REQUETES_DE_LA_LISTE = 2


def test_la_liste_coute_2_requetes_de_plus_qu_une_page_vide_sur_300_demandes(
    client, webmestre, django_assert_max_num_queries
):
    _demandes_en_masse(300, webmestre)
    client.force_login(webmestre)

    for parametres in [
        {},
        {"page": "3"},
        {"statut": "en_cours", "page": "2"},
        {"dispositif": "cantine", "statut": "a_traiter"},
    ]:
        with django_assert_max_num_queries(REQUETES_DU_PORTAIL + REQUETES_DE_LA_LISTE):
            reponse = client.get(reverse("accompagnement:liste"), parametres)
        assert reponse.status_code == 200
        assert len(reponse.context["page"]) == 25


def test_la_liste_se_pagine_en_gardant_les_filtres(client, webmestre):
    _demandes_en_masse(300, webmestre)
    client.force_login(webmestre)

    tout = client.get(reverse("accompagnement:liste"), {"page": "3"})
    filtree = client.get(reverse("accompagnement:liste"), {"statut": "en_cours", "page": "2"})

    assert tout.context["page"].paginator.num_pages == 12
    assert filtree.context["total"] == 150
    assert filtree.context["page"].paginator.num_pages == 6
    liens = [a.attribut("href") for a in analyser(filtree).tous("a") if a.attribut("rel") == "next"]
    assert liens == ["?statut=en_cours&page=3"]


def test_le_webmestre_suit_une_demande_depuis_sa_page(client, webmestre, une_demande):
    client.force_login(webmestre)
    url = reverse("accompagnement:detail", args=[une_demande.pk])
    page = analyser(client.get(url))
    assert [e.attribut("value") for e in page.tous("input") if e.attribut("name") == "action"] == [
        "prendre_en_charge",
        "clore",
    ]

    reponse = client.post(url, {"action": "prendre_en_charge"})
    assert reponse.status_code == 302
    assert reponse["Location"] == url
    client.post(url, {"action": "repondre", "note": "Appelée, rendez-vous mardi."})

    une_demande.refresh_from_db()
    assert une_demande.statut == Statut.REPONDU
    assert une_demande.traitee_par == webmestre
    assert une_demande.note == "Appelée, rendez-vous mardi."
    page = analyser(client.get(url))
    historique = page.un("ol", "historique").texte()
    assert "Nouvelle → En cours" in historique
    assert "En cours → Répondue" in historique
    assert "« Appelée, rendez-vous mardi. »" in historique
    assert [e.attribut("value") for e in page.tous("input") if e.attribut("name") == "action"] == [
        "clore"
    ]


def test_une_transition_interdite_depuis_la_page_s_explique_et_ne_change_rien(
    client, webmestre, une_demande
):
    client.force_login(webmestre)
    url = reverse("accompagnement:detail", args=[une_demande.pk])

    reponse = client.post(url, {"action": "repondre", "note": "Trop tôt"}, follow=True)

    assert "Impossible de marquer comme répondue" in analyser(reponse).un("main").texte()
    une_demande.refresh_from_db()
    assert une_demande.statut == Statut.NOUVEAU
    assert not une_demande.historique.exists()


def test_une_action_inconnue_est_refusee_sans_rien_changer(client, webmestre, une_demande):
    client.force_login(webmestre)
    url = reverse("accompagnement:detail", args=[une_demande.pk])

    reponse = client.post(url, {"action": "supprimer"}, follow=True)

    assert "Action inconnue" in analyser(reponse).un("main").texte()
    une_demande.refresh_from_db()
    assert une_demande.statut == Statut.NOUVEAU
