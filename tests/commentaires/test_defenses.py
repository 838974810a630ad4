"""Les défenses du formulaire de commentaire, une par une : chaque envoi refusé
répond 400 (ou 429), n'écrit rien, et garde la saisie de la personne."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from brest_numerique.notifications.models import Notification
from commentaires.forms import horodatage
from commentaires.models import Commentaire
from tests.commentaires.outils import analyser, deposer, horodatage_d_il_y_a

pytestmark = pytest.mark.django_db


def _bloc_du_champ(reponse, champ: str):
    page = analyser(reponse)
    for bloc in page.tous("div", "champ"):
        if any(e.attribut("name") == champ for e in bloc.tous()):
            return bloc
    raise AssertionError(f"champ {champ} absent")


def _erreur_du_champ(reponse, champ: str) -> str:
    """Le message d'erreur affiché dans le bloc du champ."""
    erreurs = _bloc_du_champ(reponse, champ).tous("p", "erreur")
    assert len(erreurs) == 1, f"pas d'erreur affichée pour {champ}"
    return erreurs[0].texte()


def _erreurs_generales(reponse) -> str:
    """Les erreurs du résumé qui ne mènent à aucun champ : générales, ou d'un champ caché."""
    resumes = [
        e for e in analyser(reponse).descendants() if "data-resume-erreurs" in dict(e.attributs)
    ]
    return " ".join(
        li.texte() for resume in resumes for li in resume.tous("li") if not li.tous("a")
    )


def _refuse_sans_rien_ecrire(reponse, status: int = 400) -> None:
    assert reponse.status_code == status
    assert not Commentaire.objects.exists()
    assert not Notification.objects.exists()


def test_un_envoi_normal_est_accepte_et_ne_montre_rien_publiquement(client, lieu):
    reponse = deposer(client, lieu)

    assert reponse.status_code == 302
    assert reponse["Location"] == lieu.get_absolute_url() + "#messages"
    commentaire = Commentaire.objects.get()
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION
    page = client.get(reponse["Location"]).content.decode()
    assert "publié après validation par le webmestre" in page
    assert commentaire.texte not in page


def test_le_champ_piege_rempli_recoit_la_reponse_d_un_depot_sans_rien_ecrire(client, lieu):
    reponse = deposer(client, lieu, site_web="https://vente-de-pilules.example")

    # Comme pour un humain : rien n'apprend au robot qu'il a été repéré.
    assert reponse.status_code == 302
    assert reponse["Location"] == lieu.get_absolute_url() + "#messages"
    assert (
        "Un courriel vient de vous être envoyé" in client.get(reponse["Location"]).content.decode()
    )
    assert not Commentaire.objects.exists()
    assert not Notification.objects.exists()


def test_un_formulaire_rempli_en_moins_de_3_secondes_est_refuse(client, lieu):
    reponse = deposer(client, lieu, horodatage=horodatage_d_il_y_a(1))

    _refuse_sans_rien_ecrire(reponse)
    assert "Envoi trop rapide" in _erreurs_generales(reponse)


def test_le_meme_formulaire_envoye_apres_3_secondes_est_accepte(client, lieu):
    affiche = horodatage()

    with time_machine.travel(timezone.now() + timedelta(seconds=4)):
        reponse = deposer(client, lieu, horodatage=affiche)

    assert reponse.status_code == 302
    assert Commentaire.objects.count() == 1


def test_un_formulaire_affiche_il_y_a_plus_de_2_heures_est_refuse_et_garde_le_texte(client, lieu):
    affiche = horodatage()

    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=1)):
        reponse = deposer(client, lieu, horodatage=affiche, texte="Mon long texte réfléchi.")

    _refuse_sans_rien_ecrire(reponse)
    assert "Le formulaire a expiré" in _erreurs_generales(reponse)
    assert analyser(reponse).un("textarea").texte().strip() == "Mon long texte réfléchi."
    # Un horodatage neuf accompagne la page d'erreur : renvoyer le formulaire
    # (après un temps de relecture) suffit, sans tout retaper.
    formulaire = analyser(reponse).un("form", "formulaire-commentaire")
    champs = {e.attribut("name"): e.attribut("value") for e in formulaire.tous("input")}
    assert champs["horodatage"] != affiche
    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=5)):
        renvoi = deposer(client, lieu, horodatage=champs["horodatage"])
    assert renvoi.status_code == 302
    assert Commentaire.objects.count() == 1


def test_un_horodatage_falsifie_est_refuse(client, lieu):
    reponse = deposer(client, lieu, horodatage="formulaire:1a2b3c:signaturebidon")

    _refuse_sans_rien_ecrire(reponse)
    assert "Formulaire invalide" in _erreurs_generales(reponse)


def test_une_salle_de_point_d_acces_derriere_une_adresse_envoie_60_commentaires_par_heure(
    client, lieu
):
    # Quinze postes derrière la même adresse : chacun son navigateur, son adresse
    # électronique. La limite par adresse est taillée pour la salle, pas pour une personne.
    for numero in range(60):
        reponse = deposer(
            client, lieu, email=f"voisin{numero}@exemple.fr", texte=f"Message {numero}"
        )
        assert reponse.status_code == 302

    reponse = deposer(client, lieu, email="encore@exemple.fr", texte="Un de trop")

    assert reponse.status_code == 429
    assert "Trop de demandes" in reponse.content.decode()
    assert Commentaire.objects.count() == 60
    assert not Commentaire.objects.filter(texte="Un de trop").exists()
    # Une autre adresse IP n'est pas concernée.
    assert deposer(client, lieu, ip="198.51.100.20", email="autre@exemple.fr").status_code == 302


def test_un_meme_navigateur_est_limite_a_10_envois_par_heure_sans_gener_ses_voisins(client, lieu):
    client.get(lieu.get_absolute_url())  # le navigateur reçoit son cookie
    for numero in range(10):
        reponse = deposer(client, lieu, email=f"alias{numero}@exemple.fr", texte=f"Msg {numero}")
        assert reponse.status_code == 302

    assert deposer(client, lieu, email="alias99@exemple.fr", texte="Un de trop").status_code == 429
    voisin = Client()
    voisin.get(lieu.get_absolute_url())
    assert deposer(voisin, lieu, email="voisin@exemple.fr", texte="Bonjour").status_code == 302


def test_un_envoi_refuse_pour_une_faute_de_saisie_ne_compte_pas(client, lieu):
    client.get(lieu.get_absolute_url())
    for _ in range(15):
        assert deposer(client, lieu, texte="   ").status_code == 400

    assert deposer(client, lieu).status_code == 302


def test_les_compteurs_de_limite_vivent_une_heure_dans_redis(client, lieu):
    deposer(client, lieu)

    # L'horloge de Redis ne voyage pas : on lit la durée de vie des compteurs.
    redis = cache._cache.get_client()
    cles = redis.keys("*limite:*")
    assert len(cles) == 2  # un par IP, un par adresse
    assert all(3500 < redis.ttl(cle) <= 3600 for cle in cles)


def test_au_dela_de_5_envois_par_heure_avec_une_adresse_la_page_429_s_affiche(client, lieu):
    for numero in range(5):
        reponse = deposer(client, lieu, ip=f"198.51.100.{numero}", texte=f"Message {numero}")
        assert reponse.status_code == 302

    reponse = deposer(client, lieu, ip="198.51.100.99", email="ANNAIG@exemple.fr", texte="6e")

    assert reponse.status_code == 429
    assert "Trop de demandes" in reponse.content.decode()
    assert Commentaire.objects.count() == 5


def test_plus_de_2_liens_sont_refuses_avec_un_message(client, lieu):
    texte = "Voir https://a.example/1 et https://b.example/2 et http://c.example/3"

    reponse = deposer(client, lieu, texte=texte)

    _refuse_sans_rien_ecrire(reponse)
    assert "Pas plus de 2 liens" in _erreur_du_champ(reponse, "texte")
    assert analyser(reponse).un("textarea").texte().strip() == texte


def test_deux_liens_sont_acceptes(client, lieu):
    reponse = deposer(client, lieu, texte="Voir https://a.example/1 et https://b.example/2")

    assert reponse.status_code == 302


def test_le_nombre_de_liens_permis_se_regle(client, lieu, settings):
    settings.COMMENTAIRES_LIENS_MAX = 0

    reponse = deposer(client, lieu, texte="Voir https://a.example/1")

    _refuse_sans_rien_ecrire(reponse)
    assert "Pas plus de 0 liens" in _erreur_du_champ(reponse, "texte")


def test_le_meme_texte_envoye_deux_fois_par_la_meme_personne_est_refuse(client, lieu):
    assert deposer(client, lieu, texte="Super atelier !").status_code == 302

    reponse = deposer(client, lieu, texte="  super   ATELIER !  ", email="Annaig@Exemple.fr")

    assert reponse.status_code == 400
    assert Commentaire.objects.count() == 1
    assert "déjà envoyé ce commentaire" in _erreur_du_champ(reponse, "texte")


def test_le_meme_texte_par_une_autre_personne_est_accepte(client, lieu):
    deposer(client, lieu, texte="Super atelier !")

    reponse = deposer(client, lieu, texte="Super atelier !", email="yann@exemple.fr")

    assert reponse.status_code == 302
    assert Commentaire.objects.count() == 2


def test_les_caracteres_invisibles_sont_retires_du_texte_avant_l_enregistrement(client, lieu):
    reponse = deposer(
        client,
        lieu,
        texte="Bon\u200bjour\u200d, \u202ececi\u202c est \u2066isolé\u2069\ufeff\u00ad.",
    )

    assert reponse.status_code == 302
    commentaire = Commentaire.objects.get()
    assert commentaire.texte == "Bonjour, ceci est isolé."
    assert commentaire.empreinte_texte == Commentaire.empreinte("Bonjour, ceci est isolé.")


@pytest.mark.parametrize(
    "nom",
    [
        "\u3164",  # remplissage hangûl
        "\u3164\u3164 \u115f",
        "\u061c",  # marque de lettre arabe
        "\U000e0041\U000e0042",  # caractères d'étiquette
        "\u2800",  # blanc braille
        "Ann\u200baïg",
        "Annaïg\u202e",
        "Jean\nDupont",
        "Jean\r\nDupont",
        "Jean\u2028Dupont",
        "Jean\u0085Dupont",
        "Robot\x1b",
        "…---…",
    ],
)
def test_un_nom_invisible_ou_sur_plusieurs_lignes_est_refuse_en_francais(client, lieu, nom):
    reponse = deposer(client, lieu, nom=nom)

    _refuse_sans_rien_ecrire(reponse)
    erreur = _erreur_du_champ(reponse, "nom")
    assert "invisibles" in erreur or "au moins une lettre" in erreur


def test_un_nom_ordinaire_est_publie_tel_quel_espaces_resserres(client, lieu):
    assert deposer(client, lieu, nom="  Marie-Anne   d'Ouessant  ").status_code == 302
    assert Commentaire.objects.get().nom == "Marie-Anne d'Ouessant"


def test_un_texte_fait_seulement_d_invisibles_est_refuse(client, lieu):
    reponse = deposer(client, lieu, texte="\u200b\u200b\u202e")

    _refuse_sans_rien_ecrire(reponse)
    assert "vide" in _erreur_du_champ(reponse, "texte")


@pytest.mark.parametrize("controle", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\x08"])
def test_les_caracteres_de_controle_sont_refuses(client, lieu, controle):
    reponse = deposer(client, lieu, texte=f"Texte {controle} piégé")

    _refuse_sans_rien_ecrire(reponse)
    assert "caractère" in _erreur_du_champ(reponse, "texte").lower()


def test_tabulations_et_sauts_de_ligne_sont_permis(client, lieu):
    reponse = deposer(client, lieu, texte="Ligne 1\r\nLigne\t2\n\nParagraphe 2")

    assert reponse.status_code == 302


def test_un_texte_de_3000_caracteres_passe_et_un_de_3001_est_refuse(client, lieu):
    assert deposer(client, lieu, texte="é" * 3000).status_code == 302

    reponse = deposer(client, lieu, texte="a" * 3001, email="autre@exemple.fr")

    assert reponse.status_code == 400
    assert Commentaire.objects.count() == 1
    assert "3000" in _erreur_du_champ(reponse, "texte")


def test_la_longueur_maximale_se_regle_et_s_affiche_dans_le_formulaire(client, lieu, settings):
    settings.COMMENTAIRES_LONGUEUR_MAX = 100

    page = analyser(client.get(lieu.get_absolute_url()))
    zone = page.un("form", "formulaire-commentaire").un("textarea")
    assert zone.attribut("maxlength") == "100"
    assert zone.attribut("data-longueur-max") == "100"
    reponse = deposer(client, lieu, texte="a" * 101)

    _refuse_sans_rien_ecrire(reponse)
    assert "100" in _erreur_du_champ(reponse, "texte")


def test_les_erreurs_s_affichent_pres_des_champs_et_la_saisie_est_conservee(client, lieu):
    reponse = deposer(client, lieu, nom="", email="pas-une-adresse", texte="Mon avis\n\ndétaillé")

    _refuse_sans_rien_ecrire(reponse)
    page = analyser(reponse)
    assert page.un("h1").texte() == "Votre commentaire n'a pas pu être envoyé"
    assert _erreur_du_champ(reponse, "nom")
    assert "adresse électronique valide" in _erreur_du_champ(reponse, "email")
    champs = {e.attribut("name"): e for e in page.tous("input")}
    assert champs["email"].attribut("value") == "pas-une-adresse"
    assert champs["email"].attribut("aria-invalid") == "true"
    assert page.un("textarea").texte().strip() == "Mon avis\n\ndétaillé"
    # Chaque champ en erreur désigne son message par aria-describedby, et
    # chaque identifiant désigné existe dans la page.
    identifiants = {e.attribut("id") for e in page.descendants()}
    for nom in ("nom", "email"):
        message = _bloc_du_champ(reponse, nom).un("p", "erreur")
        decrit_par = champs[nom].attribut("aria-describedby").split()
        assert message.attribut("id") in decrit_par
        assert set(decrit_par) <= identifiants, decrit_par
    # Et l'on peut renvoyer sans revenir en arrière : même adresse d'envoi.
    action = page.un("form", "formulaire-commentaire").attribut("action")
    assert action == reponse.request["PATH_INFO"]


def test_une_reponse_a_un_commentaire_inconnu_est_refusee_et_garde_la_saisie(client, lieu):
    reponse = deposer(client, lieu, parent="999999")

    _refuse_sans_rien_ecrire(reponse)
    assert "répondre qu'à un commentaire publié" in _erreurs_generales(reponse)
