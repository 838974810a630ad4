"""Le dépôt d'une demande « Être accompagné » : ce qui s'écrit, ce qui part, et
les défenses du formulaire public (erreurs, piège, limites de débit)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from programmes.accompagnement.models import DemandeAccompagnement
from programmes.accompagnement.services import demande_deposer
from tests.accompagnement.outils import IP, deposer, donnees
from tests.commentaires.outils import analyser

pytestmark = pytest.mark.django_db

DESTINATAIRES = {
    "cantine": "cantine@exemple.fr",
    "pepinieres": "pepinieres@exemple.fr",
    "french_tech": "frenchtech@exemple.fr",
}


@pytest.fixture(autouse=True)
def _destinataires(settings):
    settings.ACCOMPAGNEMENT_DESTINATAIRES = DESTINATAIRES


def _bloc_du_champ(reponse, champ: str):
    for bloc in analyser(reponse).descendants():
        if "champ" in bloc.classes and any(e.attribut("name") == champ for e in bloc.tous()):
            return bloc
    raise AssertionError(f"champ {champ} absent")


def _erreur_du_champ(reponse, champ: str) -> str:
    erreurs = _bloc_du_champ(reponse, champ).tous("p", "erreur")
    assert len(erreurs) == 1, f"pas d'erreur affichée pour {champ}"
    return erreurs[0].texte()


def _coche(case) -> bool:
    return "checked" in dict(case.attributs)


def _rien_n_est_ecrit() -> None:
    assert not DemandeAccompagnement.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("dispositif", list(DESTINATAIRES))
def test_une_demande_valide_est_enregistree_nouvelle_et_part_a_l_equipe_du_dispositif(
    client, dispositif
):
    reponse = deposer(client, dispositif)

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:merci", args=[dispositif])
    demande = DemandeAccompagnement.objects.get()
    assert demande.statut == DemandeAccompagnement.Statut.NOUVEAU
    assert demande.dispositif == dispositif
    assert demande.nom == "Annaïg Le Gall"
    assert demande.structure_type == "association"
    assert demande.stade == "prototype"
    assert demande.consenti_le is not None
    assert demande.traitee_par is None
    lignes = {n.cle: n for n in Notification.objects.all()}
    assert set(lignes) == {
        f"accompagnement_equipe:{demande.pk}",
        f"accompagnement_accuse:{demande.pk}",
    }
    equipe = lignes[f"accompagnement_equipe:{demande.pk}"]
    accuse = lignes[f"accompagnement_accuse:{demande.pk}"]
    assert (equipe.sorte, equipe.destinataire) == (
        "accompagnement_equipe",
        DESTINATAIRES[dispositif],
    )
    assert (accuse.sorte, accuse.destinataire) == ("accompagnement_accuse", "annaig@exemple.fr")
    assert reverse("accompagnement:detail", args=[demande.pk]) in equipe.corps_texte
    assert "Nous voulons ouvrir un fablab" in equipe.corps_texte
    assert "Les Ateliers du Port" in accuse.corps_html
    # Partis après la validation, par la boîte d'envoi.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [DESTINATAIRES[dispositif], "annaig@exemple.fr"]
    )


def test_les_sujets_des_courriels_ne_sont_pas_echappes_comme_du_html(client):
    deposer(client, "pepinieres", structure_nom="L'Atelier d'Iroise")

    sujets = list(Notification.objects.values_list("sujet", flat=True))
    assert any("Pépinières d'entreprises" in sujet for sujet in sujets)
    assert any("L'Atelier d'Iroise" in sujet for sujet in sujets)
    assert not any("&#x27;" in sujet for sujet in sujets)


def test_sans_adresse_reglee_pour_le_dispositif_la_demande_va_a_l_adresse_du_programme(
    client, settings
):
    settings.ACCOMPAGNEMENT_DESTINATAIRES = {"cantine": "cantine@exemple.fr"}
    settings.STAFF_EMAIL = "programme@exemple.fr"

    deposer(client, "french_tech")

    equipe = Notification.objects.get(sorte="accompagnement_equipe")
    assert equipe.destinataire == "programme@exemple.fr"


def test_sans_reglage_du_tout_la_demande_va_a_l_adresse_du_programme(client, settings):
    del settings.ACCOMPAGNEMENT_DESTINATAIRES
    settings.STAFF_EMAIL = "programme@exemple.fr"

    deposer(client, "cantine")

    assert Notification.objects.get(sorte="accompagnement_equipe").destinataire == (
        "programme@exemple.fr"
    )


def test_la_meme_demande_renvoyee_dans_les_10_minutes_n_est_ni_dupliquee_ni_renotifiee(client):
    assert deposer(client).status_code == 302
    # La même, adresse en majuscules : un double clic, un retour arrière puis renvoi.
    reponse = deposer(client, email="ANNAIG@exemple.fr")

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:merci", args=["cantine"])
    assert DemandeAccompagnement.objects.count() == 1
    assert Notification.objects.count() == 2


def test_une_autre_demande_de_la_meme_personne_est_une_demande_a_part(client):
    deposer(client)
    deposer(client, besoin="Autre chose : une formation au RGPD pour nos bénévoles.")
    deposer(client, "pepinieres")
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        deposer(client)

    assert DemandeAccompagnement.objects.count() == 4
    assert Notification.objects.count() == 8


def test_le_formulaire_s_affiche_seul_sur_sa_page(client):
    reponse = client.get(reverse("accompagnement:formulaire", args=["pepinieres"]))

    assert reponse.status_code == 200
    page = analyser(reponse)
    assert page.un("h1").texte() == "Être accompagné\u00a0: Pépinières d'entreprises"
    formulaire = page.un("form", "formulaire-accompagnement")
    assert formulaire.attribut("action") == reverse("accompagnement:deposer", args=["pepinieres"])
    legendes = [e.texte() for e in formulaire.tous("legend")]
    assert legendes == ["Vous êtes", "Où en est votre projet\u202f?"]
    # Chaque champ visible a son étiquette.
    etiquettes = {e.attribut("for") for e in formulaire.tous("label")}
    for champ in formulaire.tous("input") + formulaire.tous("textarea"):
        if champ.attribut("type") != "hidden":
            assert champ.attribut("id") in etiquettes, champ.attribut("name")
    liens = [a.attribut("href") for a in formulaire.tous("a")]
    assert reverse("donnees_personnelles") in liens


def test_un_dispositif_inconnu_repond_404(client):
    assert client.get("/accompagnement/incubateur-imaginaire/").status_code == 404
    assert deposer(client, "incubateur-imaginaire").status_code == 404
    assert client.get("/accompagnement/incubateur-imaginaire/merci/").status_code == 404
    _rien_n_est_ecrit()


def test_la_page_merci_dit_ce_qui_va_se_passer(client):
    reponse = client.get(deposer(client, "french_tech")["Location"])

    assert reponse.status_code == 200
    texte = analyser(reponse).un("main").texte()
    assert "Merci, votre demande est bien arrivée" in texte
    assert "Label French Tech" in texte
    assert "vous recontacte" in texte


def test_les_erreurs_s_affichent_en_francais_pres_des_champs_et_la_saisie_est_conservee(client):
    reponse = deposer(
        client,
        nom="",
        email="pas-une-adresse",
        telephone="appelez-moi",
        stade="",
        besoin="Mon projet\n\ndétaillé",
    )

    assert reponse.status_code == 400
    _rien_n_est_ecrit()
    page = analyser(reponse)
    assert page.un("h1").texte() == "Votre demande n'a pas pu être envoyée"
    assert _erreur_du_champ(reponse, "nom") == "Indiquez votre nom."
    assert "n'est pas valide" in _erreur_du_champ(reponse, "email")
    assert "numéro n'est pas valide" in _erreur_du_champ(reponse, "telephone")
    assert _erreur_du_champ(reponse, "stade") == "Choisissez le stade de votre projet."
    champs = {e.attribut("name"): e for e in page.tous("input") if e.attribut("type") != "radio"}
    assert champs["email"].attribut("value") == "pas-une-adresse"
    assert champs["email"].attribut("aria-invalid") == "true"
    assert champs["structure_nom"].attribut("value") == "Les Ateliers du Port"
    coche = [e for e in page.tous("input") if e.attribut("name") == "structure_type"]
    assert [e.attribut("value") for e in coche if _coche(e)] == ["association"]
    assert _coche(champs["consentement"])
    assert page.un("textarea").texte().strip() == "Mon projet\n\ndétaillé"
    # Chaque erreur est désignée par aria-describedby : sur le champ, ou sur le
    # groupe (fieldset) des boutons radio ; chaque identifiant désigné existe.
    identifiants = {e.attribut("id") for e in page.descendants()}
    for nom in ("nom", "email", "telephone"):
        message = _bloc_du_champ(reponse, nom).un("p", "erreur")
        decrit_par = champs[nom].attribut("aria-describedby").split()
        assert message.attribut("id") in decrit_par
        assert set(decrit_par) <= identifiants, decrit_par
    groupe = _bloc_du_champ(reponse, "stade")
    assert groupe.balise == "fieldset"
    assert groupe.un("p", "erreur").attribut("id") in groupe.attribut("aria-describedby").split()
    # Et l'on renvoie sans revenir en arrière : même adresse d'envoi.
    action = page.un("form", "formulaire-accompagnement").attribut("action")
    assert action == reverse("accompagnement:deposer", args=["cantine"])


def test_un_besoin_de_plus_de_2000_caracteres_est_refuse_avec_sa_longueur(client):
    reponse = deposer(client, besoin="a" * 2001)

    assert reponse.status_code == 400
    _rien_n_est_ecrit()
    assert _erreur_du_champ(reponse, "besoin") == (
        "Votre texte fait 2001 caractères\u00a0: 2000 au plus, s'il vous plaît."
    )


def test_un_nom_fait_de_caracteres_invisibles_est_refuse(client):
    reponse = deposer(client, nom="\u200b\u2800")

    assert reponse.status_code == 400
    _rien_n_est_ecrit()
    assert "caractères invisibles" in _erreur_du_champ(reponse, "nom")


def test_sans_consentement_la_demande_est_refusee(client):
    envoi = donnees()
    del envoi["consentement"]
    reponse = client.post(reverse("accompagnement:deposer", args=["cantine"]), envoi)

    assert reponse.status_code == 400
    _rien_n_est_ecrit()
    assert _erreur_du_champ(reponse, "consentement") == (
        "Cochez cette case pour que nous puissions traiter votre demande."
    )
    case = _bloc_du_champ(reponse, "consentement").un("input")
    assert "id_accompagnement_consentement_error" in case.attribut("aria-describedby").split()


def test_le_champ_piege_rempli_recoit_la_reponse_d_un_depot_sans_rien_ecrire(client):
    reponse = deposer(client, site_web="https://vente-de-pilules.example")

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:merci", args=["cantine"])
    _rien_n_est_ecrit()
    assert not mail.outbox


def test_le_champ_piege_rempli_repond_comme_un_succes_meme_si_le_reste_est_faux(client):
    reponse = deposer(client, site_web="x", email="n'importe quoi", consentement="")

    assert reponse.status_code == 302
    _rien_n_est_ecrit()


def test_un_meme_navigateur_est_limite_a_10_demandes_par_heure(client):
    client.get(reverse("accompagnement:formulaire", args=["cantine"]))  # son cookie CSRF
    for numero in range(10):
        reponse = deposer(client, email=f"alias{numero}@exemple.fr", besoin=f"Besoin {numero}")
        assert reponse.status_code == 302

    reponse = deposer(client, email="alias99@exemple.fr", besoin="Une de trop")

    assert reponse.status_code == 429
    assert "Trop de demandes" in reponse.content.decode()
    assert DemandeAccompagnement.objects.count() == 10
    # Un autre navigateur derrière la même adresse (une salle de PAPI) n'est pas gêné.
    voisin = Client()
    voisin.get(reverse("accompagnement:formulaire", args=["cantine"]))
    assert deposer(voisin, email="voisin@exemple.fr").status_code == 302


def test_les_envois_refuses_pour_une_faute_de_saisie_ne_comptent_pas(client):
    client.get(reverse("accompagnement:formulaire", args=["cantine"]))
    for numero in range(15):
        reponse = deposer(client, email=f"alias{numero}@exemple.fr", besoin="   ")
        assert reponse.status_code == 400

    assert deposer(client).status_code == 302
    assert DemandeAccompagnement.objects.count() == 1


def test_une_meme_adresse_electronique_est_limitee_a_5_demandes_par_heure(client):
    for numero in range(5):
        reponse = deposer(client, ip=f"198.51.100.{numero}", besoin=f"Besoin {numero}")
        assert reponse.status_code == 302

    reponse = deposer(client, ip="198.51.100.99", email="ANNAIG@exemple.fr", besoin="6e")

    assert reponse.status_code == 429
    assert DemandeAccompagnement.objects.count() == 5
    assert deposer(client, ip=IP, email="autre@exemple.fr").status_code == 302


def test_le_service_refuse_une_demande_sans_consentement_et_n_ecrit_rien():
    envoi = {**donnees(), "consentement": False}

    with pytest.raises(ValueError, match="consentement"):
        demande_deposer(dispositif="cantine", donnees=envoi)

    _rien_n_est_ecrit()
