import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brest_numerique.settings")

application = get_wsgi_application()


def figer_le_demarrage() -> None:
    """Sort du ramasse-miettes ce que le démarrage a créé (modules, modèles, URL).

    Ces ~250 000 objets vivent autant que le processus ; le ramasse-miettes les
    repasserait pourtant tous à chaque collecte complète : 150 ms où la requête en
    cours attend, une fois toutes les cent requêtes environ (bench/README.md).
    Les URL sont chargées avant, pour que leurs vues et modules soient du lot."""
    get_resolver().url_patterns  # noqa: B018 — importe les vues de toutes les applications
    gc.collect()
    gc.freeze()


figer_le_demarrage()
