"""L'import des impayés d'un relevé : le fichier du bailleur (CSV ou XLSX), une
ligne par logement impayé, colonne reference_logement (et montant, facultative).

Tout ou rien : chaque ligne illisible, inconnue du relevé, en double ou au montant
différent est signalée avec son numéro (celui du tableur : l'en-tête est la ligne
1) et rien n'est écrit ; sinon les lignes trouvées sont impayées, les autres
payées, et le relevé « payé avec des impayés »."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from brest_numerique.tableaux import lire_tableau
from internet_pour_tous.facturation.services import releve_marquer_paye
from internet_pour_tous.models import Echeance, Releve

LIGNES_MAX = 100_000


@dataclass
class RapportImport:
    lignes: int = 0
    impayees: int = 0
    erreurs: list[str] = field(default_factory=list)

    @property
    def valide(self) -> bool:
        return not self.erreurs


def _montant(texte: str) -> Decimal | None:
    try:
        return Decimal(texte.replace(",", ".").replace("€", "").strip())
    except InvalidOperation:
        return None


def impayes_importer(releve: Releve, fichier, *, par=None) -> RapportImport:
    """Lit le fichier des impayés et, s'il est entièrement bon, enregistre le
    paiement du relevé avec ces impayés. Rend le rapport (erreurs en français)."""
    rapport = RapportImport()
    try:
        tableau = lire_tableau(fichier)
    except ValidationError as erreur:
        rapport.erreurs.extend(erreur.messages)
        return rapport
    if not tableau or not any(tableau[0]):
        rapport.erreurs.append(
            _("Le fichier est vide\u00a0: il faut un en-tête reference_logement.")
        )
        return rapport
    entete = [c.lower() for c in tableau[0]]
    if "reference_logement" not in entete:
        rapport.erreurs.append(_("Ligne 1\u00a0: la colonne « reference_logement » manque."))
        return rapport
    if len(tableau) - 1 > LIGNES_MAX:
        rapport.erreurs.append(_("Le fichier a plus de 100\u00a0000 lignes."))
        return rapport
    col_ref = entete.index("reference_logement")
    col_montant = entete.index("montant") if "montant" in entete else None
    lignes = dict(
        Echeance.objects.filter(releve=releve).values_list("abonnement__logement__reference", "pk")
    )
    montants = dict(Echeance.objects.filter(releve=releve).values_list("pk", "montant"))
    vues: dict[str, int] = {}
    impayees = []
    for numero, ligne in enumerate(tableau[1:], start=2):
        if not any(ligne):
            continue
        rapport.lignes += 1
        reference = ligne[col_ref] if col_ref < len(ligne) else ""
        if not reference:
            rapport.erreurs.append(
                _("Ligne %(n)d\u00a0: la référence du logement manque.") % {"n": numero}
            )
            continue
        if reference in vues:
            rapport.erreurs.append(
                _("Ligne %(n)d\u00a0: le logement « %(ref)s » est déjà à la ligne %(avant)d.")
                % {"n": numero, "ref": reference[:40], "avant": vues[reference]}
            )
            continue
        vues[reference] = numero
        if reference not in lignes:
            rapport.erreurs.append(
                _("Ligne %(n)d\u00a0: le logement « %(ref)s » n'est pas dans ce relevé.")
                % {"n": numero, "ref": reference[:40]}
            )
            continue
        if col_montant is not None and col_montant < len(ligne) and ligne[col_montant]:
            montant = _montant(ligne[col_montant])
            attendu = montants[lignes[reference]]
            if montant is None:
                rapport.erreurs.append(
                    _("Ligne %(n)d\u00a0: le montant « %(m)s » est illisible.")
                    % {"n": numero, "m": ligne[col_montant][:20]}
                )
                continue
            if montant != attendu:
                rapport.erreurs.append(
                    _(
                        "Ligne %(n)d\u00a0: le montant %(m)s\u00a0€ diffère de celui du relevé (%(a)s\u00a0€)."
                    )
                    % {"n": numero, "m": montant, "a": attendu}
                )
                continue
        impayees.append(lignes[reference])
    if not rapport.lignes:
        rapport.erreurs.append(
            _(
                "Le fichier ne contient aucune ligne impayée\u00a0: marquez le relevé payé en entier."
            )
        )
    if rapport.erreurs:
        return rapport
    try:
        releve_marquer_paye(releve, impayes=impayees, par=par)
    except ValidationError as erreur:
        rapport.erreurs.extend(erreur.messages)
        return rapport
    rapport.impayees = len(impayees)
    return rapport
