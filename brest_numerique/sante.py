"""État des dépendances du portail, pour la supervision (/sante/)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from brest_numerique.celery import app as celery_app


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


VERIFICATIONS = {
    "base_de_donnees": verifier_base,
    "cache": verifier_cache,
    "courtier": verifier_courtier,
    "workers": verifier_workers,
}


# Ce dont une machine web a besoin pour servir les pages : l'équilibreur peut
# sonder cette portée sans retirer tous les serveurs quand seuls les workers tombent.
PORTEE_WEB = ("base_de_donnees", "cache")


def etat(*, web_seulement: bool = False) -> tuple[bool, dict[str, str]]:
    rapport, tout_va_bien = {}, True
    for nom, verifier in VERIFICATIONS.items():
        if web_seulement and nom not in PORTEE_WEB:
            continue
        try:
            rapport[nom] = verifier()
        except Exception as exc:  # toute panne doit être rapportée, pas levée
            tout_va_bien = False
            rapport[nom] = f"erreur : {type(exc).__name__}: {exc}" if settings.DEBUG else "erreur"
    return tout_va_bien, rapport
