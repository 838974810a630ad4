import logging
import urllib.parse
import urllib.request
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from commentaires.models import Commentaire
from commentaires.services import (
    commentaire_suites_du_depot,
    empreintes_ip_purger,
    resume_quotidien_envoyer,
    suites_en_retard_relancer,
)

journal = logging.getLogger(__name__)


@shared_task(name="commentaires.suites_du_depot", acks_late=True)
def suites_du_depot(commentaire_id: int, ip: str = "") -> bool:
    return commentaire_suites_du_depot(pk=commentaire_id, ip=ip)


@shared_task(name="commentaires.relancer_suites", acks_late=True)
def relancer_suites() -> int:
    """Voir le calendrier de beat dans brest_numerique/celery.py."""
    return suites_en_retard_relancer(depuis=timezone.now() - timedelta(minutes=5))


@shared_task(
    name="commentaires.verifier_spam",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def verifier_spam(commentaire_id: int, ip: str = "") -> bool:
    """Demande à Akismet si le commentaire est indésirable. Ne fait que marquer
    le commentaire pour les modérateurs : jamais rien n'est publié ici."""
    if not settings.AKISMET_CLE:
        return False
    commentaire = Commentaire.objects.filter(pk=commentaire_id).first()
    if commentaire is None:
        return False
    donnees = urllib.parse.urlencode(
        {
            "api_key": settings.AKISMET_CLE,
            "blog": settings.SITE_URL,
            "user_ip": ip,
            "comment_type": "comment",
            "comment_author": commentaire.nom,
            "comment_author_email": commentaire.email,
            "comment_content": commentaire.texte,
            "blog_lang": "fr",
        }
    ).encode()
    # AKISMET_URL vient des réglages, dont le schéma http(s) est vérifié au démarrage.
    requete = urllib.request.Request(f"{settings.AKISMET_URL}/1.1/comment-check", data=donnees)  # noqa: S310
    with urllib.request.urlopen(requete, timeout=10) as reponse:  # noqa: S310
        verdict = reponse.read().decode().strip()
    if verdict not in ("true", "false"):
        journal.warning("Réponse Akismet inattendue : %s", verdict[:200])
        return False
    indesirable = verdict == "true"
    Commentaire.objects.filter(pk=commentaire_id).update(probablement_indesirable=indesirable)
    return indesirable


@shared_task(name="commentaires.purger_empreintes_ip", acks_late=True)
def purger_empreintes_ip() -> int:
    return empreintes_ip_purger()


@shared_task(name="commentaires.resume_quotidien", acks_late=True)
def resume_quotidien() -> int:
    return resume_quotidien_envoyer(jour=timezone.localdate())
