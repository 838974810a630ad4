"""Le budget d'un dossier tel que le lisent l'instruction et le jury : ses lignes,
ses totaux, son équilibre et le plafond de l'édition (gabarit
projets/instruction/_budget.html). Les lignes viennent de `lignes_budget.all()`,
qu'un prefetch_related peut fournir."""

from decimal import Decimal

from projets.models import Dossier, FormeAide, LigneBudget


def budget_du_dossier(dossier: Dossier) -> dict:
    lignes = list(dossier.lignes_budget.all())
    depenses = [ligne for ligne in lignes if ligne.nature == LigneBudget.Nature.DEPENSE]
    recettes = [ligne for ligne in lignes if ligne.nature == LigneBudget.Nature.RECETTE]
    total_depenses = sum((ligne.montant for ligne in depenses), Decimal("0"))
    total_recettes = sum((ligne.montant for ligne in recettes), Decimal("0"))
    plafond = dossier.edition.plafond_pour(total_depenses)
    return {
        "depenses": depenses,
        "recettes": recettes,
        "total_depenses": total_depenses,
        "total_recettes": total_recettes,
        "total_ressources": total_recettes + dossier.montant_demande,
        "equilibre": total_depenses == total_recettes + dossier.montant_demande,
        "ecart": total_depenses - total_recettes - dossier.montant_demande,
        "plafond": plafond,
        "part": (dossier.montant_demande * 100 / total_depenses).quantize(Decimal("0.1"))
        if total_depenses
        else None,
        "plafond_depasse": dossier.forme_aide != FormeAide.MATERIEL
        and dossier.montant_demande > plafond,
    }
