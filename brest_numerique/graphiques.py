"""Les graphiques en barres du portail (statistiques des lauréats, tableau de bord
d'Internet pour tous), dessinés côté serveur : ce module calcule la géométrie, le
gabarit includes/graphique_barres.svg.html l'écrit en SVG (role="img", <title>, <desc>). Chaque barre porte son nombre en texte, avec le
nom de sa série : rien ne se lit à la seule couleur, et le tableau des mêmes
nombres accompagne toujours le graphique."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format

from brest_numerique.typographie import INSECABLE

LARGEUR = 720
LIBELLES = 200  # la colonne des libellés de catégorie
ZONE = 360  # la plus longue barre
HAUTEUR_BARRE = 16
ECART_BARRES = 4
ECART_GROUPES = 14
MARGE = 8


def nombre(valeur) -> str:
    return number_format(valeur, decimal_pos=0, use_l10n=True, force_grouping=True)


def euros(valeur: Decimal) -> str:
    """« 12 500 € », ou « 12 500,50 € » quand il y a des centimes."""
    valeur = Decimal(valeur).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimales = 0 if valeur == valeur.to_integral_value() else 2
    texte = number_format(valeur, decimal_pos=decimales, use_l10n=True, force_grouping=True)
    return f"{texte}{INSECABLE}€"


@dataclass(frozen=True)
class Serie:
    cle: str  # attribut de chaque ligne
    singulier: str  # « reçu », « accordé »… (0 et 1, en français)
    pluriel: str  # « reçus », « accordés »…
    couleur: str  # doublée par le nom de la série écrit après chaque barre


@dataclass(frozen=True)
class Barre:
    serie: Serie
    y: int
    largeur: int
    valeur: object
    texte: str

    @property
    def x_texte(self) -> int:
        return LIBELLES + self.largeur + 6

    @property
    def y_texte(self) -> int:
        return self.y + HAUTEUR_BARRE - 4


@dataclass(frozen=True)
class Groupe:
    # Une ligne du tableau voisin : `cle`, `libelle` et un attribut par série.
    ligne: Any
    y_libelle: int
    barres: list[Barre]


@dataclass(frozen=True)
class Graphique:
    identifiant: str
    titre: str
    description: str
    groupes: list[Groupe]
    hauteur: int
    largeur: int = LARGEUR
    x_zone: int = LIBELLES


def graphique(
    identifiant: str,
    titre: str,
    description: str,
    lignes: list,
    series: list[Serie],
    *,
    monetaire: bool = False,
) -> Graphique:
    """Barres horizontales groupées : un groupe par ligne, une barre par série, à la
    même échelle pour toutes les séries (la plus grande valeur fait ZONE pixels)."""
    plus_grand = max((getattr(ligne, s.cle) for ligne in lignes for s in series), default=0)
    formater = euros if monetaire else nombre
    groupes, y = [], MARGE
    for ligne in lignes:
        barres = []
        for rang, serie in enumerate(series):
            valeur = getattr(ligne, serie.cle)
            largeur = round(ZONE * valeur / plus_grand) if plus_grand else 0
            barres.append(
                Barre(
                    serie=serie,
                    y=y + rang * (HAUTEUR_BARRE + ECART_BARRES),
                    largeur=max(largeur, 1) if valeur else 0,
                    valeur=valeur,
                    texte=f"{formater(valeur)} {serie.singulier if valeur <= 1 else serie.pluriel}",
                )
            )
        hauteur_groupe = len(series) * (HAUTEUR_BARRE + ECART_BARRES) - ECART_BARRES
        groupes.append(Groupe(ligne, y + hauteur_groupe // 2 + 5, barres))
        y += hauteur_groupe + ECART_GROUPES
    return Graphique(identifiant, titre, description, groupes, hauteur=y + MARGE)
