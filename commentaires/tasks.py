from celery import shared_task
from django.conf import settings
from django.utils import timezone

from commentaires import akismet
from commentaires.models import Commentaire
from commentaires.services import (
    commentaire_suites_du_depot,
    empreintes_ip_purger,
    resume_quotidien_envoyer,
)

# acks_late vient des réglages (CELERY_TASK_ACKS_LATE) : les tâches sont idempotentes.


@shared_task(name="commentaires.suites_du_depot")
def suites_du_depot(commentaire_id: int, ip: str = "") -> bool:
    return commentaire_suites_du_depot(pk=commentaire_id, ip=ip)


@shared_task(
    name="commentaires.verifier_spam",
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
    indesirable = akismet.est_indesirable(
        texte=commentaire.texte, nom=commentaire.nom, email=commentaire.email, ip=ip
    )
    if indesirable is None:
        return False
    Commentaire.objects.filter(pk=commentaire_id).update(probablement_indesirable=indesirable)
    return indesirable


@shared_task(name="commentaires.purger_empreintes_ip")
def purger_empreintes_ip() -> int:
    return empreintes_ip_purger()


@shared_task(name="commentaires.resume_quotidien")
def resume_quotidien() -> int:
    return resume_quotidien_envoyer(jour=timezone.localdate())
