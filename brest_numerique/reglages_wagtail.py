"""Les réglages fixes de Wagtail, l'éditeur des pages du programme et des
actualités : ni l'environnement ni le reste du portail ne les changent.
brest_numerique/settings.py les importe, et garde ceux qui en dépendent (nom et
adresse du site, moteur de recherche)."""

# Une seule porte d'entrée : la connexion d'allauth (limites de débit, double
# authentification), comme pour /admin/. Wagtail ne gère aucun mot de passe ; il
# renvoie à une vue du portail (brest_numerique/views.py) qui envoie l'anonyme à
# allauth et refuse l'entrée à qui est connecté sans en avoir le droit.
WAGTAILADMIN_LOGIN_URL = "connexion_cms"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Pas d'avatars Gravatar : chaque page de l'éditeur enverrait l'empreinte de
# l'adresse des Webmestres à un tiers (et la CSP les bloque).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_WORKFLOW_ENABLED = True
# Une page réservée l'est aux comptes connectés ; pas de mot de passe par page.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"password": False}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
