"""Un classeur XLSX d'une seule feuille, pour les données qu'on ouvre dans un tableur.

Chaque chaîne y est une cellule de texte : openpyxl prendrait pour une formule une
valeur qui commence par « = » (injection de formule), le tableur l'exécuterait. Le
texte reste donc exactement celui de la source, sans l'apostrophe qu'ajoute
projets.exports.services.neutraliser aux CSV.
"""

import io
from collections.abc import Iterable, Sequence

TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def classeur_xlsx(titre: str, entete: Sequence[str], lignes: Iterable[Sequence]) -> bytes:
    """L'en-tête en gras, puis les lignes, écrites au fil de l'eau (write_only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=titre)
    gras = Font(bold=True)

    def cellule(valeur, **style) -> WriteOnlyCell:
        if isinstance(valeur, str):
            # Les caractères de contrôle sont interdits en XML : openpyxl refuserait
            # tout le classeur pour un seul d'entre eux.
            valeur = ILLEGAL_CHARACTERS_RE.sub("", valeur)
        case = WriteOnlyCell(feuille, value=valeur)
        if isinstance(valeur, str):
            case.data_type = "s"
        for nom, valeur_du_style in style.items():
            setattr(case, nom, valeur_du_style)
        return case

    feuille.append([cellule(titre_colonne, font=gras) for titre_colonne in entete])
    for ligne in lignes:
        feuille.append([cellule(valeur) for valeur in ligne])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
