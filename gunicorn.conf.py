"""Réglages de gunicorn pour le portail ; docs/deploiement.md explique la topologie.

Comme settings.py, ce fichier ne lit que l'environnement :

- PORT : port d'écoute, sur 127.0.0.1 seulement (défaut 8000). Un nœud placé
  derrière un équilibreur distant écoute sur son adresse privée avec
  GUNICORN_CMD_ARGS="--bind 10.0.0.12:8000", que gunicorn fait passer avant ce fichier.
- WEB_CONCURRENCY : nombre de processus web (défaut : 2 × cœurs + 1, au plus 8).
- TRUSTED_PROXIES : même sens que pour Django (adresses ou réseaux des mandataires
  inverses devant gunicorn) ; seuls eux peuvent annoncer X-Forwarded-Proto.
- LOG_LEVEL : niveau du journal d'erreurs de gunicorn.
"""

import os


def _entier(nom: str, defaut: int) -> int:
    valeur = os.environ.get(nom, "").strip()
    if not valeur:
        return defaut
    try:
        return int(valeur)
    except ValueError:
        raise SystemExit(f"{nom} doit être un nombre entier, pas « {valeur} ».") from None


proc_name = "brest-numerique"

bind = f"127.0.0.1:{_entier('PORT', 8000)}"

# Des workers synchrones : chaque requête tient une connexion PostgreSQL, et les
# pages ne font pas d'attente longue. Le plafond protège la base : chaque processus
# garde sa connexion ouverte (CONN_MAX_AGE), et 2 × cœurs + 1 sur une grosse machine
# épuiserait vite max_connections.
workers = _entier("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8))
# Une page qui dépasse 30 s est un défaut : le processus est tué et remplacé
# plutôt que de bloquer sa place.
timeout = 30
graceful_timeout = 30
# Recycler les processus de temps en temps borne une éventuelle fuite de mémoire ;
# le décalage aléatoire évite qu'ils redémarrent tous ensemble.
max_requests = 2000
max_requests_jitter = 200
# Personne n'utilise gunicornc ; sans cela, deux gunicorn sur une même machine
# (make serve et le banc de charge) se disputeraient ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True

# Mandataires inverses : comme Django (brest_numerique/mandataires.py), gunicorn ne
# croit X-Forwarded-Proto que venant des adresses de TRUSTED_PROXIES ; sans
# mandataire déclaré, personne ne peut annoncer « je suis en HTTPS ».
forwarded_allow_ips = ",".join(
    v.strip() for v in os.environ.get("TRUSTED_PROXIES", "").split(",") if v.strip()
)
# Le seul en-tête de schéma que le mandataire pose et que Django lit.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Journaux sur la sortie standard : le superviseur (systemd, honcho) les collecte.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").strip().lower() or "info"
# L'adresse du client telle que la voit le mandataire, et la durée en millisecondes.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
