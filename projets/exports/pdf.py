"""Le récapitulatif PDF d'un dossier (WeasyPrint), joint à l'accusé de dépôt,
téléchargé par la structure et mis dans le ZIP de l'instruction.

Le gabarit est rendu par Django (contenu de la structure échappé) puis mis en page
par WeasyPrint, qui ne va chercher aucune ressource au dehors : son `url_fetcher`
refuse toute adresse sauf les fichiers statiques du portail, lus sur le disque. Un
texte saisi par une structure ne peut donc pas faire appeler une adresse par le
serveur (pas de requête forgée côté serveur, pas de lecture de fichier local)."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone

from projets.exports import donnees
from projets.models import Dossier

# La base des adresses relatives du gabarit : « /static/… » devient
# « <SITE_URL>/static/… », seule forme d'adresse que le fetcher accepte.
BASE = settings.SITE_URL + "/"


class RessourceRefusee(ValueError):
    """Une ressource hors des fichiers statiques du portail."""


def _fichier_statique(adresse: str) -> Path | None:
    prefixe = BASE.rstrip("/") + settings.STATIC_URL
    if not adresse.startswith(prefixe):
        return None
    nom = adresse[len(prefixe) :].split("?")[0].split("#")[0]
    if not nom or ".." in Path(nom).parts or nom.startswith("/"):
        return None
    trouve = finders.find(nom)
    if trouve:
        return Path(trouve)
    # Après collectstatic, les noms portent leur empreinte (favicon.3f2a….svg).
    racine = Path(settings.STATIC_ROOT).resolve()
    chemin = (racine / nom).resolve()
    if chemin.is_relative_to(racine) and chemin.is_file():
        return chemin
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StatiquesSeulement(URLFetcher):
        def fetch(self, url, headers=None):
            chemin = _fichier_statique(url)
            if chemin is None:
                raise RessourceRefusee(f"Ressource refusée dans le PDF : {url[:200]}")
            type_mime = mimetypes.guess_type(chemin.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=chemin.read_bytes(), headers={"Content-Type": type_mime}
            )

    return StatiquesSeulement()


def recapitulatif_html(dossier: Dossier, *, pour_instruction: bool = False) -> str:
    contexte = donnees.recapitulatif(dossier)
    if pour_instruction:
        contexte["etat_libelle"] = contexte["dossier"].get_statut_display()
    else:
        # La structure ne lit pas la décision du jury avant sa notification.
        from projets.deliberation.pour_la_structure import (
            decision_notifiee,
            historique_visible,
        )

        notifiee = decision_notifiee(contexte["dossier"]) is not None
        contexte["etat_libelle"] = contexte["dossier"].statut_pour_la_structure(
            decision_notifiee=notifiee
        )
        contexte["historique"] = historique_visible(contexte["historique"], notifiee=notifiee)
    contexte.update(
        {
            "pour_instruction": pour_instruction,
            "genere_le": timezone.localtime(),
            "SITE_NAME": getattr(settings, "SITE_NAME", "Brest numérique"),
            "logo": staticfiles_storage.url("favicon.svg"),
        }
    )
    return render_to_string("projets/exports/recapitulatif.html", contexte)


def recapitulatif_pdf(dossier: Dossier, *, pour_instruction: bool = False) -> bytes:
    """Le PDF du récapitulatif, en octets : balisé PDF/UA-1 (structure des titres,
    listes et tableaux, langue), lisible par un lecteur d'écran comme la page."""
    from weasyprint import HTML

    html = recapitulatif_html(dossier, pour_instruction=pour_instruction)
    return HTML(string=html, base_url=BASE, url_fetcher=_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def nom_du_pdf(dossier: Dossier) -> str:
    return f"recapitulatif-{dossier.numero or f'brouillon-{dossier.pk}'}.pdf"
