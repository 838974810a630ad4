"""Le filtre Akismet, joué contre un petit serveur HTTP local qui répond comme
l'API comment-check : il marque, il ne publie jamais."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from commentaires.models import Commentaire
from commentaires.tasks import verifier_spam
from tests.commentaires.factories import CommentaireFactory
from tests.commentaires.outils import IP, cartes_de_la_file, commentaires_affiches, deposer

pytestmark = pytest.mark.django_db

CLE = "cle-akismet-de-test"


class FauxAkismet:
    def __init__(self):
        self.requetes: list[tuple[str, dict[str, str]]] = []
        self.verdict = "true"


@pytest.fixture
def faux_akismet(settings) -> Iterator[FauxAkismet]:
    etat = FauxAkismet()

    class Guichet(BaseHTTPRequestHandler):
        def do_POST(self):
            corps = self.rfile.read(int(self.headers["Content-Length"])).decode()
            champs = {cle: valeurs[0] for cle, valeurs in parse_qs(corps).items()}
            etat.requetes.append((self.path, champs))
            # Comme l'API réelle : sans adresse IP, une erreur au lieu d'un verdict.
            if not champs.get("user_ip"):
                reponse = b"Missing required field: user_ip."
            elif self.path != "/1.1/comment-check" or champs.get("api_key") != CLE:
                reponse = b"invalid"
            else:
                reponse = etat.verdict.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(reponse)))
            self.end_headers()
            self.wfile.write(reponse)

        def log_message(self, *args):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Guichet)
    fil = threading.Thread(target=serveur.serve_forever, args=(0.05,), daemon=True)
    fil.start()
    settings.AKISMET_URL = f"http://127.0.0.1:{serveur.server_address[1]}"
    try:
        yield etat
    finally:
        serveur.shutdown()
        serveur.server_close()
        fil.join()


@pytest.fixture
def avec_cle(settings, faux_akismet):
    settings.AKISMET_CLE = CLE
    return faux_akismet


def test_sans_cle_akismet_n_est_jamais_appele(
    client, lieu, settings, sans_confirmation, faux_akismet
):
    settings.AKISMET_CLE = ""

    deposer(client, lieu)
    commentaire = Commentaire.objects.get()

    assert verifier_spam(commentaire.pk, IP) is False
    assert faux_akismet.requetes == []
    assert commentaire.probablement_indesirable is False


def test_un_commentaire_juge_indesirable_est_marque_mais_reste_en_attente(
    client, lieu, sans_confirmation, avec_cle, webmestre
):
    deposer(client, lieu, nom="Vendeur", email="promo@exemple.fr", texte="Achetez !")

    ((chemin, champs),) = avec_cle.requetes
    assert chemin == "/1.1/comment-check"
    assert champs["api_key"] == CLE
    assert champs["user_ip"] == IP
    assert champs["comment_content"] == "Achetez !"
    assert champs["comment_author"] == "Vendeur"
    assert champs["comment_author_email"] == "promo@exemple.fr"
    assert champs["comment_type"] == "comment"
    commentaire = Commentaire.objects.get()
    assert commentaire.probablement_indesirable is True
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE
    assert not commentaire.transitions.exists()
    assert commentaires_affiches(client.get(lieu.get_absolute_url())) == {}
    client.force_login(webmestre)
    carte = cartes_de_la_file(client.get("/moderation/"))[commentaire.pk]
    assert "probablement indésirable (Akismet)" in carte.texte()


def test_un_commentaire_juge_sain_n_est_pas_publie_pour_autant(
    client, lieu, sans_confirmation, avec_cle
):
    avec_cle.verdict = "false"

    deposer(client, lieu)

    commentaire = Commentaire.objects.get()
    assert len(avec_cle.requetes) == 1
    assert commentaire.probablement_indesirable is False
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE
    assert commentaires_affiches(client.get(lieu.get_absolute_url())) == {}


def test_une_reponse_inattendue_ne_marque_rien(lieu, avec_cle):
    commentaire = CommentaireFactory(objet=lieu)
    avec_cle.verdict = "peut-être"

    assert verifier_spam(commentaire.pk, IP) is False

    commentaire.refresh_from_db()
    assert commentaire.probablement_indesirable is False


def test_un_commentaire_disparu_n_appelle_pas_akismet(avec_cle):
    assert verifier_spam(987654, IP) is False
    assert avec_cle.requetes == []


def test_un_anonyme_est_verifie_a_la_confirmation_avec_son_adresse_ip(
    client, lieu, avec_cle, django_capture_on_commit_callbacks
):
    from brest_numerique.notifications.models import Notification

    deposer(client, lieu, ip=IP)
    # Rien n'est envoyé à Akismet tant que l'adresse n'est pas confirmée.
    assert avec_cle.requetes == []
    courriel = Notification.objects.get(sorte="commentaire_confirmation").corps_texte
    lien = courriel[courriel.index("/commentaires/confirmer/") :].split()[0]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(lien, REMOTE_ADDR="198.51.100.44")

    ((_, champs),) = avec_cle.requetes
    assert champs["user_ip"] == "198.51.100.44"
    commentaire = Commentaire.objects.get()
    assert commentaire.probablement_indesirable is True
    assert commentaire.statut == Commentaire.Statut.EN_ATTENTE


def test_le_client_akismet_rend_le_verdict_sans_rien_ecrire(avec_cle):
    from commentaires import akismet

    verdict = akismet.est_indesirable(texte="Achetez !", nom="V", email="v@exemple.fr", ip=IP)
    avec_cle.verdict = "false"
    sain = akismet.est_indesirable(texte="Merci", nom="C", email="c@exemple.fr", ip=IP)
    avec_cle.verdict = "peut-être"
    inconnu = akismet.est_indesirable(texte="?", nom="C", email="c@exemple.fr", ip=IP)

    assert (verdict, sain, inconnu) == (True, False, None)
    assert [champs["comment_content"] for _, champs in avec_cle.requetes] == [
        "Achetez !",
        "Merci",
        "?",
    ]
    assert not Commentaire.objects.exists()
