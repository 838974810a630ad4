"""Les 25 lignes d'une page de la file de modération, lues en une requête écrite ici.

Par l'ORM, la même lecture (colonnes d'une carte, nom du parent, historique de
l'auteur, objet commenté en prefetch générique) coûtait 8 ms par page, dont
moins de 1,5 ms dans PostgreSQL : la compilation de la requête et de ses deux
sous-requêtes, la fabrication de 25 modèles différés et celle du prefetch. La
requête ne varie que par la tranche de la page, compilée par l'ORM ; les lignes
sont de simples objets, que lisent les cartes (cartes_de_la_file.py).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection

from commentaires.commentable import objets_par_cle
from commentaires.models import Commentaire

# Les champs lus, dans l'ordre du SELECT et de LigneDeLaFile ; ceux que l'ORM
# convertit à la lecture (dates sur SQLite, booléens) passent par ses convertisseurs.
COLONNES = (
    "id", "nom", "email", "statut", "cree_le", "probablement_indesirable", "texte",
    "content_type", "object_id",
)  # fmt: skip
PUBLIES = (Commentaire.Statut.PUBLIE,)
REFUSES = (Commentaire.Statut.REJETE, Commentaire.Statut.SPAM)


@dataclass(slots=True)
class LigneDeLaFile:
    """Ce qu'une carte de la file montre d'un commentaire."""

    pk: int
    nom: str
    email: str
    statut: str
    cree_le: datetime
    probablement_indesirable: bool
    texte: str
    content_type_id: int
    object_id: int
    nom_du_parent: str | None
    # L'historique de la même adresse : commentaires publiés, et rejetés ou indésirables.
    publies_de_l_auteur: int
    refuses_de_l_auteur: int
    # La page commentée (son nom et son adresse), None si elle n'existe plus.
    objet: Any = None


@cache
def _lecture(vendeur: str) -> tuple[str, str, list]:
    """Le SQL de la lecture, avant et après celui de la tranche, et les
    convertisseurs de chaque colonne, tels que l'ORM les appliquerait. Ils ne
    dépendent que du moteur de base (`vendeur`) : écrits une fois pour chacun."""
    table = connection.ops.quote_name(Commentaire._meta.db_table)
    colonnes = [Commentaire._meta.get_field(nom).get_col("c") for nom in COLONNES]
    convertisseurs = [
        (
            colonne,
            [*connection.ops.get_db_converters(colonne), *colonne.get_db_converters(connection)],
        )
        for colonne in colonnes
    ]

    def historique(statuts) -> str:
        # Compté dans l'index (email, statut), sans lire une ligne par commentaire
        # passé ; COUNT(*) sans GROUP BY donne 0 plutôt qu'aucune ligne.
        marques = ", ".join(["%s"] * len(statuts))
        return (
            f"(SELECT COUNT(*) FROM {table} h "  # noqa: S608 — noms du modèle, valeurs en paramètres
            f"WHERE h.email = c.email AND h.statut IN ({marques}))"
        )

    champs = ", ".join(f"c.{colonne.target.column}" for colonne in colonnes)
    avant = (
        f"SELECT {champs}, p.nom, {historique(PUBLIES)}, {historique(REFUSES)} "  # noqa: S608
        f"FROM {table} c LEFT OUTER JOIN {table} p ON p.id = c.parent_id WHERE c.id IN ("
    )
    return avant, ") ORDER BY c.cree_le, c.id", convertisseurs


def lignes_de_la_file(tranche) -> list[LigneDeLaFile]:
    """Les commentaires dont `tranche` (un QuerySet d'identifiants) donne les
    identifiants, du plus ancien au plus récent."""
    avant, apres, convertisseurs = _lecture(connection.vendor)
    try:
        tranche_sql, tranche_params = tranche.query.sql_with_params()
    except EmptyResultSet:  # une tranche vide : la page d'une sélection vide
        return []
    with connection.cursor() as curseur:
        # Noms du modèle et SQL compilé par l'ORM ; les valeurs restent des paramètres.
        curseur.execute(avant + tranche_sql + apres, [*PUBLIES, *REFUSES, *tranche_params])
        rangs = curseur.fetchall()
    lignes = []
    for rang in rangs:
        valeurs = list(rang)
        for i, (colonne, fonctions) in enumerate(convertisseurs):
            for fonction in fonctions:
                valeurs[i] = fonction(valeurs[i], colonne, connection)
        lignes.append(LigneDeLaFile(*valeurs))
    objets = objets_par_cle((ligne.content_type_id, ligne.object_id) for ligne in lignes)
    for ligne in lignes:
        ligne.objet = objets.get((ligne.content_type_id, ligne.object_id))
    return lignes
