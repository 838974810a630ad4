"""Le client HTTP d'Akismet (API comment-check), sans rien du modèle : il pose la
question et rend le verdict, la tâche verifier_spam décide quoi en faire."""

import logging
import urllib.parse
import urllib.request

from django.conf import settings

journal = logging.getLogger(__name__)


def est_indesirable(*, texte: str, nom: str, email: str, ip: str) -> bool | None:
    """Le verdict d'Akismet sur un commentaire : True (indésirable), False (sain),
    None si la réponse n'est ni l'un ni l'autre (clé refusée, champ manquant).

    Une erreur réseau (OSError) remonte : c'est la tâche qui réessaie."""
    donnees = urllib.parse.urlencode(
        {
            "api_key": settings.AKISMET_CLE,
            "blog": settings.SITE_URL,
            "user_ip": ip,
            "comment_type": "comment",
            "comment_author": nom,
            "comment_author_email": email,
            "comment_content": texte,
            "blog_lang": "fr",
        }
    ).encode()
    # AKISMET_URL vient des réglages, dont le schéma http(s) est vérifié au démarrage.
    requete = urllib.request.Request(f"{settings.AKISMET_URL}/1.1/comment-check", data=donnees)  # noqa: S310
    with urllib.request.urlopen(requete, timeout=10) as reponse:  # noqa: S310
        verdict = reponse.read().decode().strip()
    if verdict not in ("true", "false"):
        journal.warning("Réponse Akismet inattendue : %s", verdict[:200])
        return None
    return verdict == "true"
