"""Déposer une demande comme un humain, et fabriquer des demandes pour l'équipe."""

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from programmes.accompagnement.models import DemandeAccompagnement

IP = "192.0.2.10"


def donnees(**champs) -> dict:
    """Un formulaire rempli par une personne : consentement coché, piège vide."""
    return {
        "nom": "Annaïg Le Gall",
        "email": "annaig@exemple.fr",
        "telephone": "02 98 00 00 00",
        "structure_nom": "Les Ateliers du Port",
        "structure_type": "association",
        "stade": "prototype",
        "besoin": "Nous voulons ouvrir un fablab de quartier et cherchons un local.",
        "consentement": "on",
        "site_web": "",
        **champs,
    }


def deposer(client, dispositif: str = "cantine", *, ip: str = IP, **champs):
    """Envoie le formulaire, puis ce qui suit la validation (la tâche d'envoi des
    courriels, immédiate pendant les tests)."""
    url = reverse("accompagnement:deposer", args=[dispositif])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, donnees(**champs), REMOTE_ADDR=ip)


def demande(**champs) -> DemandeAccompagnement:
    valeurs = {
        "dispositif": "cantine",
        "nom": "Yann Kerouédan",
        "email": "yann@exemple.fr",
        "structure_nom": "Kerouédan Conseil",
        "structure_type": "entreprise",
        "stade": "lancement",
        "besoin": "Un bureau en pépinière et des conseils pour lever des fonds.",
        "consenti_le": timezone.now(),
        **champs,
    }
    return DemandeAccompagnement.objects.create(**valeurs)
