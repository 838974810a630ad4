"""Les générateurs de données du banc, un module par application, et leur registre
`GENERATEURS`, dans l'ordre où ils doivent tourner (un générateur peut s'appuyer sur
les lignes des précédents).

Chaque ligne générée porte une marque (adresse `usager-N@exemple.fr`, clé
`banc-N`, slug `banc-…`) : c'est elle qui permet de les compter et de les effacer
sans toucher à des données saisies à la main dans la même base.
Ce paquet s'importe après django.setup() (voir bench/generer.py).
"""

from bench.generateurs import commentaires, comptes, notifications, papi, programmes
from bench.generateurs.commentaires import COMMENTAIRES_FICHE, REPONSES_FICHE, fiche_commentee
from bench.generateurs.comptes import webmestre
from bench.generateurs.outils import Generateur

__all__ = ["GENERATEURS", "cibles", "fiche_commentee", "volumes", "webmestre"]

GENERATEURS: list[Generateur] = [
    Generateur(
        application="comptes",
        libelle="usagers",
        par_echelle=1000,
        compter=lambda: comptes._usagers().count(),
        supprimer=lambda: comptes._usagers().delete(),
        creer=comptes.creer_usagers,
    ),
    Generateur(
        application="comptes",
        libelle="webmestre",
        par_echelle=0,
        fixe=1,
        compter=lambda: comptes._webmestres().count(),
        supprimer=lambda: comptes._webmestres().delete(),
        creer=comptes.creer_webmestre,
    ),
    Generateur(
        application="notifications",
        libelle="notifications",
        par_echelle=5000,
        compter=lambda: notifications._notifications().count(),
        supprimer=lambda: notifications._notifications().delete(),
        creer=notifications.creer_notifications,
    ),
    Generateur(
        application="papi",
        libelle="lieux",
        par_echelle=2000,  # 20 000 à l'échelle 10 : la taille de la cartographie nationale
        compter=lambda: papi._lieux().count(),
        supprimer=lambda: papi._lieux().delete(),
        creer=papi.creer_lieux,
    ),
    Generateur(
        application="commentaires",
        libelle="commentaires d'une fiche",
        par_echelle=0,
        fixe=COMMENTAIRES_FICHE + REPONSES_FICHE,
        compter=lambda: commentaires._commentaires_fiche().count(),
        supprimer=lambda: commentaires._commentaires_fiche().delete(),
        creer=commentaires.creer_commentaires_fiche,
    ),
    Generateur(
        application="commentaires",
        libelle="commentaires",
        par_echelle=5000,  # 50 000 à l'échelle 10 : la file de modération de l'issue
        compter=lambda: commentaires._commentaires().count(),
        supprimer=lambda: commentaires._commentaires().delete(),
        creer=commentaires.creer_commentaires,
    ),
    Generateur(
        application="programmes",
        libelle="pages du programme",
        par_echelle=0,
        # Avec les 15 pages initiales (accueil, rubriques, 9 dispositifs, 3 pages
        # légales) : 50 pages, hors actualités.
        fixe=len(programmes.DISPOSITIFS) + len(programmes.PAGES_LEGALES),
        compter=lambda: programmes._pages().count(),
        supprimer=programmes.supprimer_pages,
        creer=programmes.creer_pages,
    ),
    Generateur(
        application="programmes",
        libelle="actualités",
        par_echelle=500,  # 5 000 à l'échelle 10 : le volume de l'issue 10
        compter=lambda: programmes._actualites().count(),
        supprimer=programmes.supprimer_actualites,
        creer=programmes.creer_actualites,
    ),
]


def volumes() -> dict[str, int]:
    """Lignes générées présentes dans la base, par libellé (pour les rapports)."""
    return {g.libelle: g.compter() for g in GENERATEURS}


def cibles(echelle: int) -> dict[str, int]:
    return {g.libelle: g.par_echelle * echelle + g.fixe for g in GENERATEURS}
