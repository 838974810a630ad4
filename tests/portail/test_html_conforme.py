"""Le HTML du portail passe le vérificateur du W3C (Nu Html Checker) sans erreur.

Le constat de l'issue 14, fait à la main sur 14 pages, devient une garde sur toutes :
chaque adresse du tableau des droits (test_adresses_par_role.py), vue par le premier
profil qui y a accès, chaque page publiée du programme (Wagtail), les pages d'erreur
et des formulaires renvoyés avec leurs erreurs. Le vérificateur est celui du W3C,
`vnu.jar` (paquet npm vnu-jar, installé par `make test`), sur le Java de la machine ;
il passe une seule fois sur toutes les pages, écrites dans un dossier temporaire.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from tests.portail.test_adresses_par_role import arguments_creer, une_visite_par_adresse

pytestmark = pytest.mark.django_db

JAVA = shutil.which("java")
VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


# Une page fautive passe avec les autres : si le vérificateur ne la signale pas, il
# n'a rien lu (il se tait, par exemple, sur une adresse file:// au lieu d'un chemin).
TEMOIN = "page témoin, fautive exprès"
HTML_FAUTIF = (
    '<!DOCTYPE html><html lang="fr"><head><title>Témoin</title></head>'
    "<body><span><div></div></span></body></html>"
)


def _verifier(pages: dict[str, str], dossier: Path) -> dict[str, list[str]]:
    """Les erreurs du vérificateur par page (nom lisible → HTML), « ligne : message »."""
    fichiers = {}
    for numero, (nom, html) in enumerate({**pages, TEMOIN: HTML_FAUTIF}.items()):
        fichier = dossier / f"page-{numero}.html"
        fichier.write_text(html, encoding="utf-8")
        fichiers[str(fichier)] = nom
    resultat = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *fichiers],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert resultat.stdout, resultat.stderr
    erreurs: dict[str, list[str]] = {}
    for message in json.loads(resultat.stdout)["messages"]:
        nom = fichiers.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        erreurs.setdefault(nom, []).append(
            f"ligne {message.get('lastLine', '?')} : {message['message']}"
        )
    return erreurs


def _pages_du_tableau(request, arguments: dict) -> dict[str, str]:
    """Chaque adresse HTML du tableau des droits, vue une fois."""
    return {
        f"{nom} ({profil}, {adresse})": reponse.content.decode()
        for nom, profil, adresse, reponse in une_visite_par_adresse(request, arguments)
        if reponse.get("Content-Type", "").startswith("text/html")
    }


def _pages_du_programme() -> dict[str, str]:
    client = Client(raise_request_exception=False)
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1):
        url = page.url
        if url:
            pages[f"page Wagtail « {page.title} » ({url})"] = client.get(url).content.decode()
    return pages


def _pages_d_erreur_et_formulaires_refuses(arguments: dict) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    fiche = reverse("papi:detail", args=[arguments["slug"]])
    depot = reverse("commentaires:deposer", args=[arguments["type_id"], arguments["objet_id"]])
    reponses = {
        "404": client.get("/adresse-qui-n-existe-pas/"),
        "400, jeton falsifié": client.get(reverse("commentaires:confirmer", args=["faux"])),
        "annuaire, paramètres invalides": client.get(reverse("papi:liste"), {"page": "x"}),
        "connexion refusée": client.post(
            reverse("account_login"), {"login": "personne@exemple.fr", "password": "faux"}
        ),
        "inscription vide": client.post(reverse("account_signup"), {}),
        "commentaire vide": client.post(depot, {}),
        "signalement vide": client.post(reverse("papi:signaler", args=[arguments["slug"]]), {}),
        "être accompagné, formulaire vide": client.post(
            reverse("accompagnement:deposer", args=[arguments["dispositif"]]), {}
        ),
    }
    pages = {
        f"{nom} ({reponse.status_code})": reponse.content.decode()
        for nom, reponse in reponses.items()
    }
    # Le renvoi d'un formulaire refusé réaffiche la fiche : elle doit y être.
    assert any(fiche in html for html in pages.values())
    return pages


@pytest.mark.skipif(JAVA is None, reason="Java absent : pas de vérificateur Nu")
def test_chaque_page_du_portail_passe_le_verificateur_html_du_w3c(request, tmp_path):
    assert VNU.exists(), f"{VNU} manque : `make test` l'installe (npm ci, vnu-jar)."
    arguments = arguments_creer()
    pages = {
        **_pages_du_tableau(request, arguments),
        **_pages_du_programme(),
        **_pages_d_erreur_et_formulaires_refuses(arguments),
    }
    # Que la garde couvre bien le portail, et non une poignée de pages.
    assert len(pages) > 60, sorted(pages)

    erreurs = _verifier(pages, tmp_path)

    assert erreurs.pop(TEMOIN, None), "le vérificateur n'a pas signalé la page témoin"
    assert not erreurs, "\n".join(f"{nom} : {e}" for nom, liste in erreurs.items() for e in liste)
