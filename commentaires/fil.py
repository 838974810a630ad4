"""Le fil des commentaires publiés d'un objet, gardé tout rendu.

Les cartes du fil (commentaires/cartes.py), leurs réponses et la pagination étaient
l'essentiel du rendu d'une page commentée qui sort de son cache de page : deux
requêtes, le texte de chaque commentaire passé par nh3, une carte par commentaire.
Or ce fil est le même pour tous les visiteurs, connectés ou non, à un détail près :
le jeton CSRF des formulaires « Signaler ». Il est donc gardé rendu, le jeton
remplacé par un trou (`TROU_CSRF`) que chaque affichage remplit (`Fil.avec_jeton`).

La clé porte la version des commentaires, qui change à chaque décision de
modération, à chaque retrait par un auteur et à chaque correction dans
l'administration : un fil gardé n'est jamais périmé, il cesse seulement de servir.
Il se garde donc aussi bien dans Redis, partagé, que dans la mémoire du processus.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from brest_numerique.cache_anonyme import TROU_CSRF, MemoireLocale
from brest_numerique.nombres import entier
from brest_numerique.pagination import Paginateur
from commentaires.cartes import TextesDesCartes, carte
from commentaires.forms import SignalementForm
from commentaires.models import Commentaire, version_des_commentaires

PAR_PAGE = 50
# La version est dans la clé : cette durée ne sert qu'à libérer la place des fils
# qu'on ne demande plus.
DUREE = 600
# Pour la même raison, un fil lu dans Redis reste aussi dans la mémoire du
# processus, qui n'attend plus Redis pour le relire : au plus 128 fils de 50
# commentaires (quelques Mo).
FILS = MemoireLocale(duree=DUREE, taille=128)


@dataclass(frozen=True)
class Fil:
    total: int
    # La liste des cartes et sa pagination, le jeton CSRF laissé en trou.
    html: str

    def avec_jeton(self, jeton) -> SafeString:
        """Le fil pour cette réponse. Pendant un rendu destiné au cache de page, le
        jeton est lui-même le trou : le cache de page le remplira."""
        return mark_safe(self.html.replace(TROU_CSRF, escape(str(jeton or ""))))  # noqa: S308 — rendu par gabarit et cartes, qui échappent


def fil_publie(objet, *, page_demandee, fermes: bool) -> Fil:
    """Le fil publié de `objet` à la page `page_demandee` (paramètre brut de
    l'adresse), gardé sous la version des commentaires."""
    numero = entier(page_demandee, minimum=1) or 1
    cle = cle_du_fil(objet, numero, fermes)
    garde = FILS.lire(cle)
    if garde is None:
        garde = cache.get(cle)
        if garde is not None:
            FILS.garder(cle, garde)
    if garde is not None:
        return Fil(*garde)
    page = _page(objet, numero, fermes)
    fil = Fil(
        total=page.paginator.count,
        html=render_to_string("commentaires/liste.html", {"page": page}),
    )
    # Seules les pages qui existent sont gardées : ?commentaires=999999 montre la
    # dernière page sans ouvrir une clé de plus par numéro inventé.
    if page.number == numero:
        cache.set(cle, (fil.total, fil.html), DUREE)
        FILS.garder(cle, (fil.total, fil.html))
    return fil


def cle_du_fil(objet, numero: int, fermes: bool) -> str:
    type_id = ContentType.objects.get_for_model(objet).pk
    return (
        f"commentaires:fil:{type_id}:{objet.pk}:{numero}:{int(fermes)}:"
        f"{get_language()}:{version_des_commentaires()}"
    )


def _page(objet, numero: int, fermes: bool):
    reponses = Prefetch(
        "reponses",
        queryset=Commentaire.objects.publies().order_by("cree_le", "pk"),
        to_attr="reponses_publiees",
    )
    publies = (
        Commentaire.objects.publies()
        .pour(objet)
        .filter(parent__isnull=True)
        .prefetch_related(reponses)
        .order_by("cree_le", "pk")
    )
    page = Paginateur(publies, PAR_PAGE).get_page(numero)
    textes = TextesDesCartes.pour_la_page(
        raisons=SignalementForm.base_fields["raison"].choices, csrf_token=TROU_CSRF
    )
    for commentaire in page:
        commentaire.carte = carte(commentaire, textes, reponse=False, fermes=fermes)
        for reponse in commentaire.reponses_publiees:
            reponse.carte = carte(reponse, textes, reponse=True, fermes=fermes)
    return page
