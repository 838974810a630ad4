"""Un Paginator qui ne compte pas ce qu'il voit déjà en entier.

La première page d'une liste courte (les commentaires d'une fiche, une recherche
précise dans l'annuaire) tient tout : en lire une ligne de plus que la page dit
qu'il n'y en a pas d'autre, et le COUNT de Django, une requête de plus par page
publique (4 ms pour une recherche plein texte dans 20 000 lieux), devient inutile.

Une liste triée par pertinence ou par distance, elle, passe en revue toutes ses
lignes avant d'en garder une page : son total se compte dans la même requête
(`compter_dans_la_page`, fenêtre COUNT(*) OVER ()), sans second passage. Pour une
liste lue dans l'ordre d'un index, ce serait tout lire au lieu d'une page : le COUNT
à part reste alors moins cher.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window

_TOTAL = "total_de_la_liste"


class Paginateur(Paginator):
    def __init__(self, *args, compter_dans_la_page: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.compter_dans_la_page = compter_dans_la_page

    def get_page(self, number):
        # Une autre page, ou un total déjà connu : le chemin de Django.
        if number not in (None, "", 1, "1") or "count" in self.__dict__:
            return super().get_page(number)
        contenance = self.per_page + self.orphans
        requete = self.object_list
        if self.compter_dans_la_page:
            requete = requete.annotate(**{_TOTAL: Window(Count("*"))})
        lignes = list(requete[: contenance + 1])
        if self.compter_dans_la_page and lignes:
            self.count = getattr(lignes[0], _TOTAL)
        if len(lignes) <= contenance:
            if not lignes and not self.allow_empty_first_page:
                return super().get_page(number)
            # `count` est une propriété mise en cache : la poser évite la requête.
            self.count = len(lignes)
            return self._get_page(lignes, 1, self)
        # Plus d'une page : le total, s'il n'est pas déjà lu avec les lignes, sera
        # compté quand la pagination le demandera.
        return self._get_page(lignes[: self.per_page], 1, self)


def tranche_de_la_page(page, croissants, decroissants):
    """Les lignes de `page` (d'un Paginator au total connu), lues depuis le bout de
    la liste le plus proche.

    Un décalage se parcourt dans l'index, ligne à ligne : la page 1 000 de 1 121
    en sautait 24 975 (7 ms ici), quand 3 000 suffisent depuis la fin. `croissants`
    et `decroissants` sont la même sélection dans les deux sens du tri ; la tranche
    rendue contient les mêmes lignes dans les deux cas, à remettre dans l'ordre."""
    total = page.paginator.count
    debut = max(page.start_index() - 1, 0)
    fin = page.end_index()
    if debut <= total - fin:
        return croissants[debut:fin]
    return decroissants[total - fin : total - debut]
