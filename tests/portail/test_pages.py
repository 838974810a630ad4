from html import unescape

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

pytestmark = pytest.mark.django_db


PAGES = [
    ("/", "Le numérique pour tous les habitants de Brest métropole"),
    ("/programme/", "Le programme numérique de Brest métropole"),
    ("/appels-a-projets/", "L'appel à projets multimédias"),
    ("/internet-pour-tous/", "Internet pour tous"),
    ("/mentions-legales/", "Mentions légales"),
    ("/accessibilite/", "Déclaration d'accessibilité"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/contact/", "Contact"),
    ("/compte/login/", "<h1>Se connecter</h1>"),
    ("/compte/signup/", "<h1>Créer mon compte</h1>"),
]


@pytest.mark.parametrize(("url", "titre"), PAGES)
def test_chaque_page_publique_a_un_seul_h1_en_francais(client, url, titre):
    reponse = client.get(url)
    html = reponse.content.decode()

    assert reponse.status_code == 200
    assert html.count("<h1") == 1
    assert titre in unescape(html)
    assert 'href="#contenu"' in html, "lien d'évitement"
    assert 'lang="fr"' in html


def test_les_en_tetes_de_securite_sont_poses(client):
    reponse = client.get("/")

    politique = reponse["Content-Security-Policy"]
    assert "script-src 'self'" in politique
    assert "unsafe-inline" not in politique
    assert "frame-ancestors 'none'" in politique
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert reponse["X-Content-Type-Options"] == "nosniff"


def test_une_page_inconnue_donne_la_page_404_francaise(client):
    reponse = client.get("/cette-page-n-existe-pas/")

    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()


def _leve(exception):
    def vue(request):
        raise exception

    return vue


def _urls_qui_echouent():
    from django.core.exceptions import BadRequest, PermissionDenied

    from brest_numerique.urls import urlpatterns

    return [
        path("echec/400/", _leve(BadRequest())),
        path("echec/403/", _leve(PermissionDenied())),
        path("echec/500/", _leve(RuntimeError("panne"))),
        *urlpatterns,
    ]


class UrlsDEchec:
    urlpatterns = _urls_qui_echouent()
    handler400 = "brest_numerique.views.erreur_400"
    handler403 = "brest_numerique.views.erreur_403"
    handler404 = "brest_numerique.views.erreur_404"
    handler500 = "brest_numerique.views.erreur_500"


@pytest.mark.parametrize(
    ("url", "statut", "texte"),
    [
        ("/echec/400/", 400, "Requête incorrecte"),
        ("/echec/403/", 403, "Accès refusé"),
        ("/echec/500/", 500, "Erreur du serveur"),
    ],
)
def test_les_pages_d_erreur_sont_en_francais(url, statut, texte):
    with override_settings(ROOT_URLCONF=UrlsDEchec):
        reponse = Client(raise_request_exception=False).get(url)

    assert reponse.status_code == statut
    assert texte in reponse.content.decode()


def test_un_formulaire_sans_jeton_csrf_recoit_la_page_du_portail():
    # Session expirée, cookies refusés : Django rendait sa page technique, sans
    # en-tête du portail ni chemin de retour.
    client = Client(enforce_csrf_checks=True)

    reponse = client.post(reverse("account_login"), {"login": "a@exemple.fr", "password": "x"})

    assert reponse.status_code == 403
    page = reponse.content.decode()
    assert "Ce formulaire n'a pas pu être envoyé" in page.replace("&#x27;", "'")
    assert 'href="/"' in page
    assert "CSRF" not in page
