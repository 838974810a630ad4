"""Les pages éditées dans Wagtail, servies par Wagtail, gardées en cache pour les
visiteurs anonymes comme les pages de l'annuaire."""

import re

from django.views.decorators.http import require_safe
from wagtail.views import serve

from brest_numerique.cache_anonyme import cache_anonyme
from brest_numerique.nombres import entier
from commentaires.models import version_des_commentaires
from papi.models import Lieu
from programmes.models import version_des_pages

SLUG = re.compile(r"[-a-z0-9]{1,80}")
PAGES_GARDEES = 500


def _cle(request) -> str | None:
    """Les seuls paramètres que lisent les pages : le numéro de page de la liste des
    actualités (ou des commentaires) et le dispositif choisi. Une autre valeur, ou un
    autre paramètre (répondre à un commentaire), et la page n'est pas gardée."""
    morceaux = []
    for nom, valeur in sorted(request.GET.items()):
        if nom in ("page", "commentaires"):
            numero = entier(valeur, minimum=1, maximum=PAGES_GARDEES)
            if numero is None:
                return None
            morceaux.append(f"{nom}={numero}")
        elif nom == "dispositif" and SLUG.fullmatch(valeur):
            morceaux.append(f"dispositif={valeur}")
        else:
            return None
    return "&".join(morceaux)


# Lues en un seul aller-retour Redis avec la page (brest_numerique/cache_anonyme.py).
VERSIONS = (version_des_pages, Lieu.version_publique, version_des_commentaires)


# Une minute : l'accueil montre le nombre de lieux publiés, qui suit l'annuaire.
servir = require_safe(cache_anonyme(prefixe="cms", duree=60, versions=VERSIONS, cle=_cle)(serve))
