"""Réglages du portail, pilotés par l'environnement.

Sans aucune variable, le portail tourne en mode embarqué : SQLite, tâches Celery
exécutées dans le processus, courriels affichés dans la console. DEBUG y reste
inactif sauf demande explicite (`DEBUG=true make run`) : la démonstration montre les
pages d'erreur du portail, comme les verra un visiteur.
La présence de DATABASE_URL sélectionne la production : chaque valeur requise
manquante ou mal formée arrête alors le démarrage (ImproperlyConfigured).
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from brest_numerique.env import (
    env_bool,
    env_int,
    env_list,
    env_required,
    env_reseaux,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASE_URL = env_str("DATABASE_URL").strip()
PRODUCTION = bool(DATABASE_URL)

# --- Noyau -----------------------------------------------------------------

# Le débogage se demande (DEBUG=true) : sans lui, le mode embarqué aussi répond par
# les pages d'erreur françaises du portail et non par les pages techniques de Django.
DEBUG = env_bool("DEBUG", default=False)
# Le mode embarqué est une démonstration : ses comptes d'exemple ont un mot de passe
# connu, que `manage.py demo` affiche ; jamais en production, DEBUG ou non.
DEMONSTRATION = not PRODUCTION
if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY doit compter au moins 50 caractères aléatoires.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS est obligatoire en production.")
else:
    # Clé publique et connue : elle ne sert qu'au mode embarqué de démonstration.
    SECRET_KEY = env_str("SECRET_KEY", "mode-embarque-cle-non-secrete-" + "x" * 30)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Le port de `make run` (PORT=8100 make run) : les liens des courriels le suivent,
# sauf si SITE_URL dit explicitement l'adresse publique.
PORT = env_int("PORT", 8000)
if not 0 < PORT < 65536:
    raise ImproperlyConfigured(f"PORT doit être compris entre 1 et 65535, pas {PORT}.")
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
SITE_NAME = "Brest numérique"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "import_export",
    # Wagtail : pages et actualités du programme (brouillons, aperçu, publication
    # programmée, révisions, circuit de validation).
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.sitemaps",
    # Les balises de gabarit communes (brest_numerique/templatetags/).
    "brest_numerique",
    "brest_numerique.comptes",
    "brest_numerique.notifications",
    "programmes",
    "programmes.accompagnement",
    "papi",
    "projets",
    "projets.pieces",
    "projets.echanges",
    "projets.instruction",
    "projets.jury",
    "projets.deliberation",
    "projets.laureats",
    "internet_pour_tous",
    "commentaires",
]

MIDDLEWARE = [
    # Le premier : tout ce qui suit lit l'adresse du client et le schéma qu'il fixe.
    "brest_numerique.mandataires.MandatairesDeConfianceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Avant CsrfViewMiddleware, qui lit le corps des POST.
    "brest_numerique.limites_du_corps.LimiteDuCorpsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # La politique stricte partout, sauf l'éditeur /cms/ (ses scripts en ligne).
    "brest_numerique.csp_cms.CSPMiddlewareAvecCMS",
    "allauth.account.middleware.AccountMiddleware",
    # Le dernier : il voit la réponse 405 d'une vue avant les autres, qui la complètent.
    "brest_numerique.methodes.Page405Middleware",
]

ROOT_URLCONF = "brest_numerique.urls"
WSGI_APPLICATION = "brest_numerique.wsgi.application"
ASGI_APPLICATION = "brest_numerique.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brest_numerique.context_processors.portail",
                # Après le processeur CSRF intégré, pour le remplacer : trou dans les
                # pages gardées en cache, jeton tiré par brest_numerique.jeton_csrf.
                "brest_numerique.cache_anonyme.trous_du_gabarit",
                "commentaires.context_processors.moderation",
            ],
            # `{% champ %}` et le résumé des erreurs servent dans tous les formulaires.
            "builtins": ["brest_numerique.templatetags.formulaires"],
        },
    },
]
# Les <input> et <textarea> de tous les formulaires écrits en Python, à l'identique
# des gabarits de Django (brest_numerique/widgets.py).
FORM_RENDERER = "brest_numerique.widgets.RenduDesChamps"

# --- Données ---------------------------------------------------------------

if PRODUCTION:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL est mal formée : {exc}") from None
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL doit désigner PostgreSQL (postgres://…).")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Sans compilation JIT : PostgreSQL la déclenche au-delà d'un coût estimé que des
    # requêtes de quelques millisecondes atteignent sur 20 000 lieux ou 50 000
    # commentaires, et la compilation coûte alors plus que la requête (mesuré sur les
    # facettes de l'annuaire : 79 ms de JIT pour 360 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / env_str("SQLITE_PATH", "brest_numerique.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL").strip()
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL est obligatoire en production (cache et courtier Celery)."
    )
if REDIS_URL and urlsplit(REDIS_URL).scheme not in ("redis", "rediss"):
    raise ImproperlyConfigured("REDIS_URL doit commencer par redis:// ou rediss://.")

# Le cache peut vivre dans son propre Redis, plafonné en mémoire et qui évince
# les clés les moins lues, sans jamais toucher aux messages du courtier.
CACHE_URL = env_str("CACHE_URL", REDIS_URL).strip()
if CACHE_URL and urlsplit(CACHE_URL).scheme not in ("redis", "rediss"):
    raise ImproperlyConfigured("CACHE_URL doit commencer par redis:// ou rediss://.")

if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "brest_numerique.cache_redis.CacheRedis",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "bn",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Les fragments de gabarit ({% cache %}, que Django range sous cet alias) restent
# dans la mémoire de chaque processus : leur clé porte déjà les versions de ce
# qu'ils montrent, si bien qu'un fragment gardé n'est jamais périmé, et le lire
# n'attend plus Redis (un aller-retour par fiche hors du cache des pages). Un
# déploiement, qui redémarre les processus, les oublie tous.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# --- Comptes ---------------------------------------------------------------

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    # Le ModelBackend de Django, ses permissions gardées d'une requête à l'autre.
    "brest_numerique.comptes.droits.PermissionsGardees",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
CSRF_FAILURE_VIEW = "brest_numerique.views.echec_csrf"
LOGIN_REDIRECT_URL = "comptes:compte"

ACCOUNT_ADAPTER = "brest_numerique.comptes.adapter.AdaptateurCompte"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# L'inscription hache le mot de passe même quand l'adresse a déjà un compte :
# sans cela, le temps de réponse trahirait qui est inscrit.
ACCOUNT_FORMS = {"signup": "brest_numerique.comptes.forms.FormulaireInscription"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Brest numérique] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Les limites de débit d'allauth (actives par défaut) s'appuient sur le cache
# partagé (Redis en production) : elles valent pour tous les processus web.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# Les mandataires inverses dont on croit les en-têtes X-Forwarded-* (adresses ou
# réseaux) ; aucun par défaut. brest_numerique/mandataires.py en fait l'adresse du
# client dans REMOTE_ADDR, que lisent aussi les limites de débit d'allauth.
TRUSTED_PROXIES = env_reseaux("TRUSTED_PROXIES")

# --- Courriel --------------------------------------------------------------


def _email_settings(url: str) -> dict:
    """EMAIL_URL : smtp://utilisateur:motdepasse@hote:587?tls=1, smtps://… ou console://."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL doit être de la forme smtp://hote:port ou console://."
        )
    options = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and options.get("tls", ["1"])[0] == "1",
        "EMAIL_TIMEOUT": 20,
    }


_email_url = env_required("EMAIL_URL") if PRODUCTION else env_str("EMAIL_URL", "console://")
globals().update(_email_settings(_email_url))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Brest numérique <ne-pas-repondre@brest.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_EMAIL = env_str("STAFF_EMAIL", "numerique@brest.fr")
# L'équipe qui reçoit les demandes « Être accompagné » de chaque dispositif ;
# laissée vide, c'est STAFF_EMAIL.
ACCOMPAGNEMENT_DESTINATAIRES = {
    "cantine": env_str("ACCOMPAGNEMENT_EMAIL_CANTINE"),
    "pepinieres": env_str("ACCOMPAGNEMENT_EMAIL_PEPINIERES"),
    "french_tech": env_str("ACCOMPAGNEMENT_EMAIL_FRENCH_TECH"),
}

# Appel à projets : les dossiers non retenus (et leurs pièces) sont supprimés tant
# d'années après l'année de leur édition (projets/conservation.py).
PROJETS_CONSERVATION_ANNEES = env_int("PROJETS_CONSERVATION_ANNEES", 5)
# Un lien d'invitation à rejoindre une structure candidate vaut tant de jours
# (projets/candidature/views_structures.py).
PROJETS_INVITATION_JOURS = 14
# Internet pour tous : un abonnement résilié ou refusé est anonymisé tant d'années
# après sa fin (internet_pour_tous/anonymisation.py, tâche mensuelle).
IPT_ANONYMISATION_ANNEES = env_int("IPT_ANONYMISATION_ANNEES", 3)

# --- Celery ----------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Sans Redis, les tâches s'exécutent dans le processus : rien à lancer à côté.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# Un message non acquitté revient dans la file après ce délai : il doit dépasser
# la plus longue tâche (90 s) et tout compte à rebours de relance (15 min au plus).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Paris"

# --- Langue, fuseau --------------------------------------------------------

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Fichiers --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Leaflet vient du paquet npm (package.json, installé par le Makefile) :
# collectstatic le publie, le dépôt n'en garde aucune copie.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if not PRODUCTION:
    # Le mode embarqué, même sans DEBUG, sert les fichiers statiques depuis leurs
    # sources (static/, node_modules/), sans collectstatic, et voit aussitôt un CSS
    # modifié. Les médias déposés, eux, passent par brest_numerique/urls.py.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Pièces jointes des dossiers de l'appel à projets : un stockage privé, hors des
# médias publics (ni /media/ ni whitenoise ne le servent), lu seulement par la vue
# qui vérifie les droits (projets/pieces/views.py). En production, nginx envoie le
# fichier quand la vue répond X-Accel-Redirect vers PIECES_X_ACCEL_PREFIX (un
# emplacement `internal;`, voir docs/deploiement.md) ; vide : Django l'envoie.
PIECES_ROOT = Path(env_str("PIECES_ROOT", str(BASE_DIR / "prive" / "pieces")))
for _public in (MEDIA_ROOT, STATIC_ROOT):
    if PIECES_ROOT.resolve().is_relative_to(_public.resolve()):
        raise ImproperlyConfigured(f"PIECES_ROOT ne doit pas être sous {_public} (public).")
PIECES_X_ACCEL_PREFIX = env_str("PIECES_X_ACCEL_PREFIX")
if PIECES_X_ACCEL_PREFIX and not (
    PIECES_X_ACCEL_PREFIX.startswith("/") and PIECES_X_ACCEL_PREFIX.endswith("/")
):
    raise ImproperlyConfigured("PIECES_X_ACCEL_PREFIX commence et finit par « / ».")
PIECES_TAILLE_MAX = env_int("PIECES_TAILLE_MAX", 10 * 1024 * 1024)
PIECES_TAILLE_MAX_DOSSIER = env_int("PIECES_TAILLE_MAX_DOSSIER", 50 * 1024 * 1024)
PIECES_NOMBRE_MAX_DOSSIER = env_int("PIECES_NOMBRE_MAX_DOSSIER", 40)

# --- Sécurité --------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Les sessions lues dans le cache, écrites dans le cache et en base : une page de
# compte ou de l'équipe ne demande plus sa session à PostgreSQL à chaque requête.
# La base reste la référence (le cache vidé, rien ne se perd).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if TRUSTED_PROXIES:
    # Le mandataire inverse termine TLS et l'annonce par cet en-tête, que le
    # middleware des mandataires efface quand il vient de quelqu'un d'autre.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# L'application plafonne elle-même les requêtes, sans se reposer sur le
# mandataire : 3 Mo pour toute requête (limites_du_corps.py), davantage pour les
# seules vues qui reçoivent des fichiers (décorateur taille_max_du_corps).
TAILLE_MAX_REQUETE = env_int("TAILLE_MAX_REQUETE", 3 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # hors fichiers : 2,5 Mo de champs au plus
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # au-delà, un fichier reçu passe sur disque
# Une page riche de l'éditeur Wagtail envoie des milliers de champs.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# La vue /plancher/ (étalon du banc de charge) n'existe que si le banc la demande.
PLANCHER_ACTIF = env_bool("PLANCHER_ACTIF", False)

# django-import-export ouvre l'import et l'export à tout compte équipe si on ne
# lui dit rien ; admin_import_export.py exige en plus les droits d'ajout.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Wagtail (pages du programme) --------------------------------------------

# Les réglages fixes de l'éditeur vivent à part ; ici, ceux qui suivent le portail.
from brest_numerique.reglages_wagtail import *  # noqa: E402, F403

WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
# Recherche : plein texte de PostgreSQL en français sans accents (la configuration
# créée par la migration papi 0002) ; sur SQLite, la recherche de repli.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "french_unaccent"} if PRODUCTION else {}),
    }
}

# --- Commentaires ----------------------------------------------------------

COMMENTAIRES_LONGUEUR_MAX = env_int("COMMENTAIRES_LONGUEUR_MAX", 3000)
COMMENTAIRES_LIENS_MAX = env_int("COMMENTAIRES_LIENS_MAX", 2)
COMMENTAIRES_SEUIL_SIGNALEMENTS = env_int("COMMENTAIRES_SEUIL_SIGNALEMENTS", 3)
# Un compte plus jeune ne compte pas pour ce seuil (son signalement arrive quand
# même aux modérateurs) : ouvrir des comptes ne suffit pas à masquer un commentaire.
COMMENTAIRES_SIGNALEMENT_ANCIENNETE_JOURS = env_int("COMMENTAIRES_SIGNALEMENT_ANCIENNETE_JOURS", 3)
# Les anonymes confirment leur adresse avant d'entrer dans la file.
COMMENTAIRES_CONFIRMATION_EMAIL = env_bool("COMMENTAIRES_CONFIRMATION_EMAIL", True)
# Fermeture automatique, en jours après publication, par modèle (« app.modele »).
COMMENTAIRES_FERMETURE_APRES_JOURS: dict[str, int] = {}
# Filtre anti-spam facultatif : sans clé, il ne tourne pas.
AKISMET_CLE = env_str("AKISMET_CLE")
AKISMET_URL = env_str("AKISMET_URL", "https://rest.akismet.com").rstrip("/")
if urlsplit(AKISMET_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured("AKISMET_URL doit commencer par https://.")

# Le géocodeur national (API Adresse) : la recherche par adresse de l'annuaire des
# PAPI. Interrogé par le serveur, avec ce délai : au-delà, la page trie depuis le
# centre de la commune et le dit (papi/geocodage.py).
GEOCODEUR_URL = env_str("GEOCODEUR_URL", "https://api-adresse.data.gouv.fr/search/")
if urlsplit(GEOCODEUR_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured("GEOCODEUR_URL doit commencer par https://.")
GEOCODEUR_DELAI_MS = env_int("GEOCODEUR_DELAI_MS", 2000)
if GEOCODEUR_DELAI_MS <= 0:
    raise ImproperlyConfigured("GEOCODEUR_DELAI_MS doit être un nombre de millisecondes positif.")

MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tile_origin = "{0.scheme}://{0.hostname}".format(urlsplit(MAP_TILE_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tile_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured("LOG_LEVEL doit valoir DEBUG, INFO, WARNING, ERROR ou CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
