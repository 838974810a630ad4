"""Les pages des abonnements : réservées aux gestionnaires, filtres sûrs, nombre de
requêtes constant, décisions par POST avec leurs erreurs en français."""

from datetime import date

import pytest
from django.urls import reverse

from brest_numerique.copie import lignes_copier
from brest_numerique.notifications.models import Notification
from internet_pour_tous.models import Abonnement, Logement
from tests.internet_pour_tous.factories import (
    AbonnementFactory,
    LogementFactory,
    ResidenceFactory,
    SecteurFactory,
)

pytestmark = pytest.mark.django_db

LISTE = reverse("gestion_ipt:abonnements")


@pytest.fixture
def gestion(client, gestionnaire_ipt):
    client.force_login(gestionnaire_ipt)
    return client


def beaucoup_d_abonnements(nombre=300):
    """`nombre` abonnements dans deux secteurs, écrits en masse."""
    residences = [ResidenceFactory(), ResidenceFactory()]
    lignes_copier(
        modele=Logement,
        champs=["residence_id", "bailleur_id", "reference", "escalier", "etage", "porte"],
        lignes=[
            (r.pk, r.secteur.bailleur_id, f"REF-{i:04d}", "", "", "")
            for i in range(nombre)
            for r in [residences[i % 2]]
        ],
    )
    statuts = ["demande", "actif", "suspendu", "resilie", "refuse"]
    Abonnement.objects.bulk_create(
        Abonnement(
            logement=logement,
            titulaire=f"Foyer {i}",
            email=f"foyer{i}@exemple.fr",
            consentement_le="2026-01-01T10:00:00Z",
            statut=statuts[i % 5],
        )
        for i, logement in enumerate(Logement.objects.order_by("reference"))
    )
    return residences


def test_les_pages_sont_refusees_hors_des_gestionnaires(client, citoyen, bailleur, instructeur):
    abonnement = AbonnementFactory()
    adresses = [
        reverse("gestion_ipt:demandes"),
        LISTE,
        reverse("gestion_ipt:abonnement", args=[abonnement.pk]),
    ]
    for compte in (citoyen, bailleur, instructeur):
        client.force_login(compte)
        assert [client.get(a).status_code for a in adresses] == [403] * 3
        action = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "activer"])
        assert client.post(action, {"activer-debut": "2026-02-01"}).status_code == 403
    client.logout()
    assert client.get(LISTE).status_code == 302
    assert Abonnement.objects.get(pk=abonnement.pk).statut == "demande"


def test_la_liste_compte_par_etat_et_filtre_en_requetes_constantes(
    gestion, django_assert_max_num_queries
):
    residences = beaucoup_d_abonnements()
    with django_assert_max_num_queries(14):
        reponse = gestion.get(LISTE)
    assert reponse.status_code == 200
    assert [n for _s, n in reponse.context["par_etat"]] == [60] * 5
    assert len(reponse.context["page"].object_list) == 50

    with django_assert_max_num_queries(14):
        reponse = gestion.get(
            LISTE,
            {"secteur": residences[0].secteur_id, "statut": "actif", "page": "2"},
        )
    assert reponse.context["total"] == 30
    assert {a.logement.residence_id for a in reponse.context["page"]} == {residences[0].pk}

    reponse = gestion.get(LISTE, {"q": "foyer12@", "bailleur": residences[0].secteur.bailleur_id})
    assert [a.email for a in reponse.context["page"]] == ["foyer12@exemple.fr"]
    reponse = gestion.get(LISTE, {"q": "REF-0007"})
    assert reponse.context["total"] == 1
    reponse = gestion.get(LISTE, {"residence": residences[1].pk})
    assert reponse.context["total"] == 150


@pytest.mark.parametrize(
    "parametres",
    [
        {"statut": "inconnu"},
        {"secteur": "abc"},
        {"secteur": "999999999999999999999"},
        {"bailleur": "-1"},
        {"residence": "1e9"},
        {"residence": "99999999999"},
        {"page": "zzz"},
        {"q": "x" * 500},
        {"q": "\x00"},
    ],
)
def test_un_filtre_faux_est_ignore_sans_erreur(gestion, parametres):
    AbonnementFactory()
    reponse = gestion.get(LISTE, parametres)

    assert reponse.status_code == 200
    assert reponse.context["total"] >= 1 or "page" not in parametres


def test_les_demandes_a_traiter(gestion):
    demande = AbonnementFactory()
    AbonnementFactory(actif=True)

    reponse = gestion.get(reverse("gestion_ipt:demandes"))
    assert list(reponse.context["page"]) == [demande]


def test_la_page_d_un_abonnement_et_ses_decisions(gestion, gestionnaire_ipt):
    abonnement = AbonnementFactory()
    page = reverse("gestion_ipt:abonnement", args=[abonnement.pk])
    reponse = gestion.get(page)
    assert set(reponse.context["formulaires"]) == {"activer", "refuser"}

    activer = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "activer"])
    assert gestion.post(activer, {"activer-debut": "2026-02-01"}).url == page
    abonnement.refresh_from_db()
    assert (abonnement.statut, abonnement.debut) == ("actif", date(2026, 2, 1))

    suspendre = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "suspendre"])
    reponse = gestion.post(suspendre, {"suspendre-le": "2026-05-01", "suspendre-motif": ""})
    assert reponse.status_code == 400
    assert "Ce champ est obligatoire." in reponse.content.decode()
    assert 'value="2026-05-01"' in reponse.content.decode()

    reponse = gestion.post(suspendre, {"suspendre-le": "2026-01-01", "suspendre-motif": "Impayés"})
    assert reponse.status_code == 400
    assert "La date doit suivre le 01/02/2026." in reponse.content.decode()

    reponse = gestion.post(suspendre, {"suspendre-le": "2026-05-01", "suspendre-motif": "Impayés"})
    assert reponse.status_code == 302
    reponse = gestion.get(page)
    contenu = reponse.content.decode()
    assert "Impayés" in contenu and "01/05/2026" in contenu
    assert "<td>Actif</td><td>Suspendu</td>" in contenu
    assert set(reponse.context["formulaires"]) == {"reprendre", "resilier"}
    assert abonnement.historique.filter(par=gestionnaire_ipt).count() == 2


def test_une_decision_impossible_ou_inconnue(gestion):
    abonnement = AbonnementFactory()
    reprendre = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "reprendre"])
    reponse = gestion.post(reprendre, {"reprendre-le": "2026-02-01"}, follow=True)
    assert "Impossible de reprendre" in reponse.content.decode()

    inconnue = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "supprimer"])
    assert gestion.post(inconnue).status_code == 404
    assert gestion.get(reprendre)["Location"] == reverse(
        "gestion_ipt:abonnement", args=[abonnement.pk]
    )
    absent = reverse("gestion_ipt:abonnement", args=[abonnement.pk + 1000])
    assert gestion.get(absent).status_code == 404


def test_la_navigation_de_la_gestion(gestion):
    LogementFactory(residence__secteur=SecteurFactory())
    contenu = gestion.get(reverse("gestion_ipt:demandes")).content.decode()
    for nom in ("demandes", "abonnements", "secteurs"):
        assert reverse(f"gestion_ipt:{nom}") in contenu


def test_un_double_clic_n_active_et_ne_previent_qu_une_fois(gestion):
    abonnement = AbonnementFactory()
    activer = reverse("gestion_ipt:abonnement_transition", args=[abonnement.pk, "activer"])

    premier = gestion.post(activer, {"activer-debut": "2026-02-01"})
    second = gestion.post(activer, {"activer-debut": "2026-03-01"}, follow=True)

    assert premier.status_code == 302
    assert "l&#x27;état actuel est « Actif »" in second.content.decode()
    assert Notification.objects.filter(sorte="ipt_abonnement_etat").count() == 1
    assert abonnement.historique.count() == 1
    assert list(abonnement.periodes.values_list("debut", flat=True)) == [date(2026, 2, 1)]
