"""L'espace bailleur : un compte ne voit que ses bailleurs (un identifiant deviné
d'un autre bailleur est introuvable), ne change rien aux abonnements, et ses pages
tiennent en un nombre constant de requêtes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from tests.internet_pour_tous.bailleurs.donnees import parc
from tests.internet_pour_tous.factories import AbonnementFactory, LogementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_parcs(bailleur):
    a, b = parc("Armor"), parc("Iroise", logements=5, actifs=3)
    a.bailleur.comptes.add(bailleur)
    return a, b


def test_l_accueil_montre_ses_secteurs_et_leurs_chiffres_seulement(client, bailleur, deux_parcs):
    a, b = deux_parcs
    client.force_login(bailleur)
    page = client.get(reverse("bailleur:accueil"))
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Secteur Armor" in texte and "Iroise" not in texte
    ligne = texte.split(f'data-secteur="{a.secteur.pk}"')[1].split("</tr>")[0]
    # 4 logements, 2 abonnements actifs : 50 % de couverture.
    assert "<td>4</td>" in ligne and "<td>2</td>" in ligne and "50,0\u202f%" in ligne
    assert f'data-releve="{a.releve.pk}"' in texte
    assert f'data-releve="{b.releve.pk}"' not in texte


def test_les_abonnements_sans_donnees_personnelles_ni_ceux_d_un_autre(client, bailleur, deux_parcs):
    a, b = deux_parcs
    client.force_login(bailleur)
    texte = client.get(reverse("bailleur:abonnements")).content.decode()
    assert "Titulaire Armor 0" in texte and a.actifs[0].logement.reference in texte
    assert "Titulaire Iroise" not in texte
    assert a.actifs[0].email not in texte
    assert "06 12 34 56 78" not in texte and "foyer-" not in texte
    # Filtres : son secteur, oui ; celui d'un autre bailleur ou un nombre illisible, 400.
    url = reverse("bailleur:abonnements")
    assert client.get(url, {"secteur": a.secteur.pk, "statut": "actif"}).status_code == 200
    assert client.get(url, {"secteur": b.secteur.pk}).status_code == 400
    residence_b = b.actifs[0].logement.residence_id
    reponse = client.get(url, {"residence": residence_b})
    assert reponse.status_code == 400 and "Titulaire Iroise" not in reponse.content.decode()
    assert client.get(url, {"secteur": "١٢"}).status_code == 400
    assert client.get(url, {"statut": "inconnu"}).status_code == 400


@pytest.mark.usefixtures("limite_csv_de_python")
def test_un_releve_d_un_autre_bailleur_est_introuvable_partout(client, bailleur, deux_parcs):
    a, b = deux_parcs
    client.force_login(bailleur)
    releves = client.get(reverse("bailleur:releves")).content.decode()
    assert f'data-releve="{a.releve.pk}"' in releves
    assert f'data-releve="{b.releve.pk}"' not in releves
    for format in ("csv", "xlsx", "pdf"):
        url = reverse("bailleur:releve_fichier", args=[b.releve.pk, format])
        assert client.get(url).status_code == 404
    url = reverse("bailleur:releve_fichier", args=[a.releve.pk, "exe"])
    assert client.get(url).status_code == 404
    impayes = reverse("bailleur:impayes_importer", args=[b.releve.pk])
    assert client.get(impayes).status_code == 404
    assert client.post(impayes, {}).status_code == 404
    assert client.get(reverse("bailleur:impayes_importer", args=[a.releve.pk])).status_code == 200
    # Un envoi sans fichier : le formulaire le dit, rien ne change.
    reponse = client.post(reverse("bailleur:impayes_importer", args=[a.releve.pk]), {})
    assert reponse.status_code == 400 and "resume-erreurs" in reponse.content.decode()
    # Une cellule démesurée : le rapport le dit (500 avant), rien ne change.
    fichier = SimpleUploadedFile("impayes.csv", b"reference_logement;montant\n" + b"A" * 140_000)
    reponse = client.post(
        reverse("bailleur:impayes_importer", args=[a.releve.pk]), {"fichier": fichier}
    )
    assert reponse.status_code == 400 and "ce CSV est mal formé" in reponse.content.decode()


def test_un_compte_sans_bailleur_ne_voit_rien_et_les_autres_roles_sont_refuses(
    client, bailleur, gestionnaire_ipt, citoyen, deux_parcs
):
    a, _ = deux_parcs
    a.bailleur.comptes.remove(bailleur)
    client.force_login(bailleur)
    assert "Secteur Armor" not in client.get(reverse("bailleur:accueil")).content.decode()
    assert (
        client.get(reverse("bailleur:releve_fichier", args=[a.releve.pk, "csv"])).status_code == 404
    )
    for compte in (gestionnaire_ipt, citoyen):
        client.force_login(compte)
        assert client.get(reverse("bailleur:accueil")).status_code == 403


STAFF_POST = [
    ("gestion_ipt:abonnement_transition", "abonnement", {"action": "suspendre"}),
    ("gestion_ipt:releve_paye", "releve", {}),
    ("gestion_ipt:releve_envoye", "releve", {}),
    ("gestion_ipt:impayes_importer", "releve", {}),
    ("gestion_ipt:facturation", None, {}),
]


def test_un_bailleur_ne_fait_aucune_action_de_gestion(client, bailleur, deux_parcs):
    a, _ = deux_parcs
    client.force_login(bailleur)
    ids = {"abonnement": a.actifs[0].pk, "releve": a.releve.pk}
    essayees = 0
    for nom, objet, autres in STAFF_POST:
        try:
            url = reverse(nom, kwargs={**({objet: ids[objet]} if objet else {}), **autres})
        except NoReverseMatch:
            continue  # adresse pas encore écrite
        essayees += 1
        assert client.post(url, {"motif": "x", "le": "2026-12-01"}).status_code == 403, nom
    assert client.get(reverse("gestion_ipt:tableau")).status_code == 403
    a.actifs[0].refresh_from_db()
    assert a.actifs[0].statut == "actif"


def test_des_requetes_en_nombre_constant(client, bailleur, django_assert_max_num_queries):
    a = parc("Armor", logements=3, actifs=2)
    a.bailleur.comptes.add(bailleur)
    client.force_login(bailleur)
    adresses = [
        reverse("bailleur:accueil"),
        reverse("bailleur:abonnements"),
        reverse("bailleur:releves"),
    ]
    comptes = {}
    for url in adresses:
        with django_assert_max_num_queries(50) as requetes:
            assert client.get(url).status_code == 200
        comptes[url] = len(requetes.captured_queries)
    # Dix fois plus d'abonnements et deux secteurs de plus.
    for lieu in LogementFactory.create_batch(20, residence=a.actifs[0].logement.residence):
        AbonnementFactory(logement=lieu, actif=True)
    for rang in range(2):
        b = parc(f"Ponant {rang}")
        b.bailleur.comptes.add(bailleur)
    for url in adresses:
        with django_assert_max_num_queries(comptes[url]):
            assert client.get(url).status_code == 200


def test_ses_fichiers_et_l_envoi_de_ses_impayes(client, bailleur, deux_parcs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from internet_pour_tous.models import Echeance, Releve

    a, _ = deux_parcs
    client.force_login(bailleur)
    csv = client.get(reverse("bailleur:releve_fichier", args=[a.releve.pk, "csv"]))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert a.actifs[1].logement.reference in csv.content.decode("utf-8-sig")
    url = reverse("bailleur:impayes_importer", args=[a.releve.pk])
    faux = SimpleUploadedFile("impayes.csv", b"reference_logement\r\nINCONNUE-1\r\n", "text/csv")
    reponse = client.post(url, {"fichier": faux})
    assert reponse.status_code == 400 and "Rien n'a été enregistré" in reponse.content.decode()
    assert Releve.objects.get(pk=a.releve.pk).statut == Releve.Statut.PREPARE
    reference = a.actifs[1].logement.reference.encode()
    bon = SimpleUploadedFile(
        "impayes.csv", b"reference_logement\r\n" + reference + b"\r\n", "text/csv"
    )
    reponse = client.post(url, {"fichier": bon})
    assert reponse.status_code == 200 and "Fichier enregistré" in reponse.content.decode()
    assert Releve.objects.get(pk=a.releve.pk).statut == Releve.Statut.PAYE_EN_PARTIE
    assert Echeance.objects.get(releve=a.releve, abonnement=a.actifs[1]).statut == "impayee"
