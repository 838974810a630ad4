"""État des dépendances du portail, pour la supervision (/sante/)."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from brest_numerique.celery import app as celery_app
from brest_numerique.notifications.models import Notification

# Les trois niveaux du rapport. « degrade » : tout répond, mais quelque chose mérite
# l'attention ; la machine sert encore les pages (200). « en_panne » : une
# dépendance ne répond pas (503).
OK, DEGRADE, EN_PANNE = "ok", "degrade", "en_panne"

ATTENTE_MAX = timedelta(minutes=15)
# Au-delà, le nombre exact n'apprend plus rien et coûterait un comptage plus long.
PLAFOND_RETARDS = 1000


class Avertissement(Exception):
    """Levée par une vérification qui trouve le portail dégradé sans être en panne."""


def verifier_base() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def verifier_cache() -> str:
    cache.set("sante:sonde", "ok", 10)
    if cache.get("sante:sonde") != "ok":
        raise RuntimeError("le cache ne rend pas ce qu'on y écrit")
    return "ok"


def verifier_courtier() -> str:
    if celery_app.conf.task_always_eager:
        return "ok (tâches exécutées dans le processus)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def verifier_workers() -> str:
    if celery_app.conf.task_always_eager:
        return "ok (tâches exécutées dans le processus)"
    # limit=1 : on rend la main dès la première réponse au lieu d'attendre le délai.
    reponses = celery_app.control.ping(timeout=1.0, limit=1)
    if not reponses:
        raise RuntimeError("aucun worker Celery ne répond")
    return f"ok ({len(reponses)} worker au moins)"


def verifier_boite_d_envoi() -> str:
    # cree_le plutôt que derniere_mise_en_file : la relance et chaque nouvel essai
    # repoussent cette dernière, si bien qu'une notification qui ne part jamais
    # paraîtrait toujours fraîche. cree_le dit depuis quand le destinataire attend ;
    # l'index partiel sur les lignes en attente rend le comptage bon marché.
    en_retard = Notification.objects.en_retard(depuis=timezone.now() - ATTENTE_MAX)[
        :PLAFOND_RETARDS
    ].count()
    if en_retard:
        pluriel = "s" if en_retard > 1 else ""
        raise Avertissement(
            f"attention : {en_retard} notification{pluriel} en attente depuis plus de 15 min"
        )
    return "ok"


VERIFICATIONS = {
    "base_de_donnees": verifier_base,
    "cache": verifier_cache,
    "courtier": verifier_courtier,
    "workers": verifier_workers,
    "boite_d_envoi": verifier_boite_d_envoi,
}


# Ce dont une machine web a besoin pour servir les pages : l'équilibreur peut
# sonder cette portée sans retirer tous les serveurs quand seuls les workers tombent.
PORTEE_WEB = ("base_de_donnees", "cache")


def etat(*, web_seulement: bool = False) -> tuple[str, dict[str, str]]:
    """Renvoie le niveau (OK, DEGRADE ou EN_PANNE) et le rapport de chaque vérification."""
    rapport, pannes, avertissements = {}, 0, 0
    for nom, verifier in VERIFICATIONS.items():
        if web_seulement and nom not in PORTEE_WEB:
            continue
        try:
            rapport[nom] = verifier()
        except Avertissement as avertissement:
            avertissements += 1
            rapport[nom] = str(avertissement)
        except Exception as exc:  # toute panne doit être rapportée, pas levée
            pannes += 1
            rapport[nom] = f"erreur : {type(exc).__name__}: {exc}" if settings.DEBUG else "erreur"
    if pannes:
        return EN_PANNE, rapport
    return (DEGRADE if avertissements else OK), rapport
