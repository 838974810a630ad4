"""L'import de la liste des logements d'un bailleur dans un secteur (CSV ou XLSX).

Le fichier est lu et vérifié par brest_numerique/tableaux.py, puis chaque ligne :
référence présente, unique dans le fichier et chez le bailleur, résidence du secteur trouvée
par son nom ou son adresse. Toutes les lignes fautives sont rapportées, avec leur
numéro ; rien n'est écrit tant qu'une seule l'est. L'écriture se fait d'un bloc
(brest_numerique/copie.py), dans une transaction."""

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from brest_numerique.copie import lignes_copier
from internet_pour_tous.models import Logement

COLONNES = ("reference", "residence", "escalier", "etage", "porte")
LONGUEURS = {"reference": 40, "escalier": 10, "etage": 10, "porte": 10}
LIGNES_MAX = 20_000


def _normaliser(texte) -> str:
    texte = "" if texte is None else str(texte)
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.lower().replace("'", " ").replace("’", " ").split())


@dataclass
class Rapport:
    lignes: list[dict] = field(default_factory=list)  # les lignes valides, prêtes
    erreurs: list[tuple[int, str]] = field(default_factory=list)  # (numéro, message)
    ecrites: int = 0

    @property
    def valide(self) -> bool:
        return not self.erreurs and bool(self.lignes)


def verifier(secteur, lignes: list[list]) -> Rapport:
    rapport = Rapport()
    if not lignes:
        rapport.erreurs.append((0, _("Le fichier est vide.")))
        return rapport
    entetes = [_normaliser(c) for c in lignes[0]]
    manquantes = [c for c in ("reference", "residence") if c not in entetes]
    if manquantes:
        rapport.erreurs.append(
            (
                1,
                _("Colonnes manquantes dans l'en-tête\u00a0: %(c)s.")
                % {"c": ", ".join(manquantes)},
            )
        )
        return rapport
    if len(lignes) - 1 > LIGNES_MAX:
        rapport.erreurs.append(
            (0, _("Plus de %(n)s lignes\u00a0: découpez le fichier.") % {"n": LIGNES_MAX})
        )
        return rapport
    index = {c: entetes.index(c) for c in COLONNES if c in entetes}
    residences: dict[str, list] = {}
    for residence in secteur.residences.all():
        for cle in {_normaliser(residence.nom), _normaliser(residence.adresse)}:
            residences.setdefault(cle, []).append(residence)
    existantes = set(
        Logement.objects.filter(bailleur_id=secteur.bailleur_id).values_list("reference", flat=True)
    )
    vues: dict[str, int] = {}
    for numero, ligne in enumerate(lignes[1:], start=2):
        valeurs = {
            c: ("" if i >= len(ligne) or ligne[i] is None else str(ligne[i]).strip())
            for c, i in index.items()
        }
        if not any(valeurs.values()):
            continue  # une ligne vide ne compte pas
        fautes = []
        reference = valeurs.get("reference", "")
        if not reference:
            fautes.append(_("la référence est vide"))
        elif reference in vues:
            fautes.append(
                _("la référence « %(r)s » est déjà à la ligne %(n)s")
                % {"r": reference, "n": vues[reference]}
            )
        elif reference in existantes:
            fautes.append(
                _("la référence « %(r)s » existe déjà chez ce bailleur") % {"r": reference}
            )
        if reference:
            vues.setdefault(reference, numero)
        for champ, longueur in LONGUEURS.items():
            if len(valeurs.get(champ, "")) > longueur:
                fautes.append(_("%(c)s dépasse %(n)s caractères") % {"c": champ, "n": longueur})
        trouvees = residences.get(_normaliser(valeurs.get("residence", "")), [])
        if not valeurs.get("residence"):
            fautes.append(_("la résidence est vide"))
        elif not trouvees:
            fautes.append(
                _("la résidence « %(r)s » n'est pas dans le secteur %(s)s")
                % {"r": valeurs["residence"], "s": secteur.nom}
            )
        elif len({r.pk for r in trouvees}) > 1:
            fautes.append(
                _("la résidence « %(r)s » est ambiguë (plusieurs résidences)")
                % {"r": valeurs["residence"]}
            )
        if fautes:
            rapport.erreurs.append(
                (numero, _("Ligne %(n)s\u00a0: %(f)s.") % {"n": numero, "f": " ; ".join(fautes)})
            )
        else:
            rapport.lignes.append({**valeurs, "residence": trouvees[0], "numero": numero})
    if not rapport.lignes and not rapport.erreurs:
        rapport.erreurs.append((0, _("Le fichier ne contient aucun logement.")))
    return rapport


def importer(secteur, rapport: Rapport) -> int:
    """Écrit les logements d'un rapport sans erreur, tous ou aucun."""
    if not rapport.valide:
        raise ValidationError(_("Corrigez le fichier\u00a0: rien n'a été importé."))
    try:
        with transaction.atomic():
            lignes_copier(
                modele=Logement,
                champs=["residence_id", "bailleur_id", "reference", "escalier", "etage", "porte"],
                lignes=(
                    (
                        ligne["residence"].pk,
                        secteur.bailleur_id,
                        ligne["reference"],
                        ligne.get("escalier", ""),
                        ligne.get("etage", ""),
                        ligne.get("porte", ""),
                    )
                    for ligne in rapport.lignes
                ),
            )
    except IntegrityError:
        # Une référence enregistrée entre la vérification et l'écriture.
        raise ValidationError(
            _(
                "Une référence vient d'être enregistrée par ailleurs\u00a0: rien n'a été importé, recommencez."
            )
        ) from None
    rapport.ecrites = len(rapport.lignes)
    return rapport.ecrites
