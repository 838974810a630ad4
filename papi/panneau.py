"""Le panneau des filtres de l'annuaire (listes, cases, bouton « Filtrer (n actifs) »),
gardé rendu.

C'était le tiers du rendu d'une page de l'annuaire que le cache des pages ne sert
pas : visiteur connecté, page au-delà de celles qu'on garde, paramètre inconnu,
page périmée au bout de sa minute (bench/README.md). Or son HTML ne dépend que de
ce qu'il reçoit et de ce qu'il compte : les valeurs reçues pour ses champs (ses
erreurs en découlent), les facettes des lieux publiés (la version des lieux) et la
langue. Ni jeton CSRF (c'est un formulaire GET), ni visiteur, ni heure n'y
entrent : un même panneau sert toutes les pages d'une recherche, et à chacun.

Gardé dans la mémoire de chaque processus : au plus `TAILLE` panneaux de quelques
kilo-octets ; une suite de recherches inventées ne fait qu'en chasser d'autres.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from brest_numerique.cache_anonyme import MemoireLocale
from papi.facettes import facettes_des_lieux
from papi.filtres import FiltresLieux
from papi.models import Lieu

TAILLE = 1024
# Une version des lieux dure rarement une heure ; au-delà, le panneau se refait.
PANNEAUX = MemoireLocale(duree=3600, taille=TAILLE)


def cle_du_panneau(filtres: FiltresLieux) -> str:
    """La version des lieux, la langue et les valeurs reçues des seuls champs du
    formulaire (les autres paramètres n'y changent rien), telles que reçues : une
    valeur invalide s'affiche avec son erreur."""
    recues = [(nom, filtres.data.getlist(nom)) for nom in filtres.fields if nom in filtres.data]
    # Une valeur tapée peut être longue : la clé n'en garde que l'empreinte.
    empreinte = hashlib.sha256(repr(recues).encode()).hexdigest()
    return f"{Lieu.version_publique()}:{get_language()}:{empreinte}"


def panneau_des_filtres(filtres: FiltresLieux) -> SafeString:
    """Le HTML du panneau pour ces filtres, rendu au besoin."""
    cle = cle_du_panneau(filtres)
    html = PANNEAUX.lire(cle)
    if html is None:
        html = rendre_le_panneau(filtres)
        PANNEAUX.garder(cle, html)
    return html


def rendre_le_panneau(filtres: FiltresLieux) -> SafeString:
    # Validé avant de restreindre les listes : le verdict porte sur tout le
    # référentiel, comme celui de la clé de cache de la page.
    filtres.is_valid()
    filtres.restreindre_aux_facettes(facettes_des_lieux())
    return render_to_string(
        "papi/panneau_filtres.html",
        {"filtres": filtres, "filtres_actifs": filtres.nombre_actifs()},
    )
