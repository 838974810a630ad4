"""L'espace candidat, les structures et leurs membres, les invitations : chaque
saisie refusée avec son message, chaque accès d'un non-membre refusé (404), et le
lien d'invitation falsifié, expiré ou ouvert par une autre adresse."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from papi.models import Commune
from projets.candidature.views_structures import lire_jeton_d_invitation
from projets.models import (
    DemandeComplement,
    Dossier,
    Invitation,
    Membre,
    Structure,
    TypeStructure,
)
from projets.models.structures import cle_de_luhn_valide
from tests.courriels import jeton_du_lien
from tests.factories import UserFactory
from tests.projets.factories import (
    DossierFactory,
    EditionFactory,
    StructureFactory,
    brest,
    candidat,
    dossier_depose,
)

pytestmark = pytest.mark.django_db
ESPACE = "/appels-a-projets/espace/"
CREER = "/appels-a-projets/structures/nouvelle/"


def siret_valide(debut: str = "1234567890123") -> str:
    return next(debut + c for c in "0123456789" if cle_de_luhn_valide(debut + c))


def saisie(**champs) -> dict:
    return {
        "type": TypeStructure.ASSOCIATION,
        "nom": "Les Petits Débrouillards de Brest",
        "rna": "W291012345",
        "siret": "",
        "adresse": "2 rue de Quimper",
        "code_postal": "29200",
        "commune": brest().pk,
        "contact_nom": "Katell Le Goff",
        "contact_email": "contact@debrouillards.exemple.fr",
        "contact_telephone": "02 98 00 00 00",
        **champs,
    }


def connecte(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


# --- L'espace candidat -----------------------------------------------------------------


def test_l_espace_demande_une_connexion_et_une_adresse_verifiee(client):
    assert client.get(ESPACE).url.startswith(reverse("account_login"))

    connecte(client, UserFactory(email_verifie=False))
    reponse = client.get(ESPACE)

    assert reponse.status_code == 403
    assert "Confirmez d'abord votre adresse électronique" in reponse.content.decode()


def test_sans_structure_l_espace_propose_d_en_declarer_une(client):
    connecte(client)

    html = client.get(ESPACE).content.decode()

    assert "membre d&#x27;aucune structure" in html or "membre d'aucune structure" in html
    assert CREER in html


def test_l_espace_liste_les_dossiers_de_mes_structures_leur_etat_et_la_suite(client):
    edition = EditionFactory()
    structure = StructureFactory(nom="Canal Ti Zef")
    moi = connecte(client, candidat(structure))
    brouillon = DossierFactory(edition=edition, structure=structure, titre="Radio des collèges")
    depose = dossier_depose(edition=edition, structure=structure, titre="Web-série <Recouvrance>")
    a_completer = dossier_depose(edition=edition, structure=structure, titre="Fablab mobile")
    instructeur = UserFactory()
    a_completer.ouvrir_instruction(par=instructeur)
    echeance = timezone.now() + timedelta(days=9)
    a_completer.demander_complements(par=instructeur, texte="Le devis", echeance=echeance)
    autre = DossierFactory(edition=edition, titre="Dossier d'une autre structure")

    html = client.get(ESPACE).content.decode()

    assert "Canal Ti Zef" in html
    for dossier in (brouillon, depose, a_completer):
        assert reverse("projets:dossier", args=[dossier.pk]) in html
    assert "Web-série &lt;Recouvrance&gt;" in html
    assert depose.numero in html
    assert "Complétez le dossier puis déposez-le avant le" in html
    assert "L&#x27;équipe vérifie" in html or "L'équipe vérifie" in html
    assert "renvoyez-le avant le" in html
    assert autre.titre not in html
    # Le bouton « Nouveau dossier » mène à la création pour l'édition ouverte.
    assert reverse("projets:dossier_creer", args=[edition.annee]) in html
    assert moi.adhesions.count() == 1


def _remplir_espace(user, structures: int, dossiers: int, edition) -> None:
    instructeur = UserFactory()
    for _ in range(structures):
        structure = StructureFactory()
        Membre.objects.create(structure=structure, user=user)
        for rang in range(dossiers):
            if rang % 2:
                DossierFactory(edition=edition, structure=structure)
            else:
                dossier = dossier_depose(edition=edition, structure=structure)
                dossier.ouvrir_instruction(par=instructeur)
                dossier.demander_complements(
                    par=instructeur, texte="Un devis", echeance=timezone.now() + timedelta(days=3)
                )


def test_l_espace_tient_en_un_nombre_fixe_de_requetes(client, django_assert_max_num_queries):
    edition = EditionFactory()
    peu, beaucoup = UserFactory(), UserFactory()
    _remplir_espace(peu, 1, 1, edition)
    _remplir_espace(beaucoup, 4, 8, edition)
    assert Dossier.objects.count() == 33
    assert DemandeComplement.objects.count() == 1 + 16

    for user in (peu, beaucoup):
        client.force_login(user)
        with django_assert_max_num_queries(8):
            reponse = client.get(ESPACE)
        assert reponse.status_code == 200


# --- Créer une structure -----------------------------------------------------------------


def test_une_association_se_declare_et_son_createur_en_devient_membre(client):
    moi = connecte(client)

    reponse = client.post(CREER, saisie(rna="w 291 012 345"))

    structure = Structure.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("projets:structure", args=[structure.pk])
    assert structure.rna == "W291012345" and structure.siret == ""
    assert list(structure.membres.values_list("user", flat=True)) == [moi.pk]


def test_une_entreprise_se_declare_avec_un_siret_valide(client):
    connecte(client)
    siret = siret_valide()

    reponse = client.post(
        CREER,
        saisie(type=TypeStructure.ENTREPRISE, rna="W291012345", siret=siret[:7] + " " + siret[7:]),
    )

    assert reponse.status_code == 302
    structure = Structure.objects.get()
    # Le RNA n'est pas celui d'une entreprise : il n'est pas gardé.
    assert (structure.siret, structure.rna) == (siret, "")


def test_un_groupe_informel_n_a_pas_d_identifiant(client):
    connecte(client)

    reponse = client.post(CREER, saisie(type=TypeStructure.GROUPE, rna="", siret=""))

    assert reponse.status_code == 302
    assert Structure.objects.get().type == TypeStructure.GROUPE


@pytest.mark.parametrize(
    ("champs", "champ", "message"),
    [
        ({"rna": "W12345"}, "rna", "commence par W suivi de 9 chiffres"),
        ({"rna": "X291012345"}, "rna", "commence par W suivi de 9 chiffres"),
        ({"rna": ""}, "rna", "Une association indique son numéro RNA."),
        (
            {"type": TypeStructure.ENTREPRISE, "siret": "1234567890123"},
            "siret",
            "exactement 14 chiffres",
        ),
        (
            {"type": TypeStructure.COLLECTIVITE, "siret": "12345678901234"},
            "siret",
            "clé de contrôle",
        ),
        ({"type": TypeStructure.ENTREPRISE, "siret": ""}, "siret", "Indiquez le SIRET"),
        ({"type": "fondation"}, "type", "Choisissez un des types proposés."),
        ({"commune": "75056"}, "commune", "une des huit communes de Brest métropole"),
        ({"code_postal": "2920"}, "code_postal", "5 chiffres"),
        ({"contact_email": "pas-une-adresse"}, "contact_email", "n&#x27;est pas valide"),
        ({"nom": "  "}, "nom", "Indiquez le nom de la structure."),
        ({"contact_telephone": "appelez-moi"}, "contact_telephone", "n&#x27;est pas valide"),
    ],
)
def test_une_saisie_fausse_est_refusee_avec_son_message_a_cote_du_champ(
    client, champs, champ, message
):
    connecte(client)

    reponse = client.post(CREER, saisie(**champs))

    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert not Structure.objects.exists()
    erreur = html.split(f'id="id_{champ}_error"')[1].split("</p>")[0]
    assert message in erreur
    # La saisie est gardée.
    if champ != "nom":
        assert 'value="Les Petits Débrouillards de Brest"' in html
    assert 'value="2 rue de Quimper"' in html


def test_le_formulaire_ne_propose_que_les_communes_de_la_metropole(client):
    connecte(client)

    html = client.get(CREER).content.decode()

    for commune in Commune.objects.all():
        assert f'value="{commune.pk}"' in html
    assert Commune.objects.count() >= 1


def test_declarer_une_structure_demande_une_adresse_verifiee(client):
    connecte(client, UserFactory(email_verifie=False))

    assert client.post(CREER, saisie()).status_code == 403
    assert not Structure.objects.exists()


# --- La fiche d'une structure : membres seulement ------------------------------------


def test_un_membre_voit_la_fiche_et_ses_membres(client):
    structure = StructureFactory(nom="Canal Ti Zef")
    moi = connecte(client, candidat(structure))
    collegue = candidat(structure)

    html = client.get(reverse("projets:structure", args=[structure.pk])).content.decode()

    assert "<h1>Canal Ti Zef</h1>" in html
    assert (collegue.get_full_name() or collegue.email) in html
    assert "(vous)" in html and moi.adhesions.exists()


def test_un_non_membre_ne_voit_ni_ne_modifie_une_structure(client):
    structure = StructureFactory(nom="Canal Ti Zef")
    candidat(structure)
    connecte(client, candidat())  # membre d'une autre structure
    url = reverse("projets:structure", args=[structure.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, saisie(nom="Pris en main")).status_code == 404
    assert client.get(reverse("projets:structure", args=[999999])).status_code == 404

    structure.refresh_from_db()
    assert structure.nom == "Canal Ti Zef"


def test_un_membre_modifie_la_fiche(client):
    structure = StructureFactory()
    connecte(client, candidat(structure))
    url = reverse("projets:structure", args=[structure.pk])

    reponse = client.post(url, saisie(nom="Canal Ti Zef"))

    assert reponse.status_code == 302
    structure.refresh_from_db()
    assert structure.nom == "Canal Ti Zef"


def test_une_modification_refusee_garde_la_saisie_et_ne_change_rien(client):
    structure = StructureFactory(nom="Canal Ti Zef")
    connecte(client, candidat(structure))
    url = reverse("projets:structure", args=[structure.pk])

    reponse = client.post(url, saisie(nom="Nouveau nom", rna="W1"))

    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert 'value="Nouveau nom"' in html and 'value="W1"' in html
    assert "<h1>Canal Ti Zef</h1>" in html
    structure.refresh_from_db()
    assert structure.nom == "Canal Ti Zef"


# --- Inviter --------------------------------------------------------------------------


def inviter(client, structure, email="camille@exemple.fr"):
    return client.post(reverse("projets:inviter", args=[structure.pk]), {"email": email})


def test_un_membre_invite_par_courriel_avec_un_lien_signe(client):
    structure = StructureFactory(nom="Canal Ti Zef")
    moi = connecte(client, candidat(structure))

    reponse = inviter(client, structure, "Camille@Exemple.fr")

    assert reponse.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.structure, invitation.invitee_par) == (structure, moi)
    courriel = Notification.objects.get(sorte="projets_invitation")
    assert courriel.destinataire == "Camille@Exemple.fr"
    assert "Canal Ti Zef" in courriel.sujet
    jeton = jeton_du_lien(courriel.corps_texte, "projets:invitation")
    assert lire_jeton_d_invitation(jeton) == {"i": invitation.pk, "e": "camille@exemple.fr"}
    assert "14 jours" in courriel.corps_texte
    # Essentielle : pas de lien de désinscription.
    assert "List-Unsubscribe" not in courriel.en_tetes


def test_un_non_membre_ne_peut_pas_inviter(client):
    structure = StructureFactory()
    connecte(client, candidat())

    assert inviter(client, structure).status_code == 404
    ouverte = client.get(reverse("projets:inviter", args=[structure.pk]))
    assert ouverte["Location"] == reverse("projets:structure", args=[structure.pk])
    assert not Invitation.objects.exists() and not Notification.objects.exists()


def test_inviter_une_adresse_fausse_ou_un_membre_est_refuse(client):
    structure = StructureFactory()
    moi = connecte(client, candidat(structure))

    faux = inviter(client, structure, "pas-une-adresse")
    deja = inviter(client, structure, moi.email.upper())

    assert faux.status_code == deja.status_code == 400
    assert "n&#x27;est pas valide" in faux.content.decode()
    assert "déjà membre" in deja.content.decode()
    assert not Invitation.objects.exists()


def test_les_invitations_sont_limitees_par_adresse_invitee(client):
    structure = StructureFactory()
    connecte(client, candidat(structure))

    statuts = [inviter(client, structure, "cible@exemple.fr").status_code for _ in range(6)]

    assert statuts == [302] * 5 + [429]
    assert Invitation.objects.count() == 5
