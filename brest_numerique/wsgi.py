import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from brest_numerique import ramasse_miettes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brest_numerique.settings")

with ramasse_miettes.demarrage_d_un_serveur():
    application = get_wsgi_application()
    # Importe les vues de toutes les applications : elles sont du lot gelé.
    get_resolver().url_patterns  # noqa: B018
