"""Des lignes et des fichiers au standard national pour les tests d'import."""

import csv
import io
from pathlib import Path

from papi.referentiel import COLONNES

EXEMPLE_DU_STANDARD = Path(__file__).parent / "donnees" / "lieux-mediation-numerique.exemple.csv"


def ligne_du_standard(**surcharges: str) -> dict[str, str]:
    """Une ligne complète et valide (colonne → texte), à modifier au besoin."""
    ligne = {
        "id": "mediatheque-bellevue",
        "pivot": "21290019500019",
        "nom": "Médiathèque de Bellevue",
        "commune": "Brest",
        "code_postal": "29200",
        "code_insee": "29019",
        "adresse": "2 place Napoléon III",
        "complement_adresse": "",
        "latitude": "48.3986",
        "longitude": "-4.5044",
        "typologie": "BIB",
        "telephone": "+33298001234",
        "courriels": "mediatheques@mairie-brest.fr",
        "site_web": "https://bibliotheque.brest-metropole.fr/",
        "horaires": "Tu-Fr 10:00-12:00,14:00-18:00; Sa 10:00-17:00; PH off",
        "presentation_resume": "Postes en accès libre et ateliers numériques.",
        "presentation_detail": "Ateliers pour débuter sur ordinateur et tablette.",
        "source": "Brest métropole",
        "itinerance": "Fixe",
        "structure_parente": "",
        "date_maj": "2025-03-14",
        "services": "Accès internet et matériel informatique|Loisirs et créations numériques",
        "publics_specifiquement_adresses": "Seniors",
        "prise_en_charge_specifique": "",
        "frais_a_charge": "Gratuit",
        "dispositif_programmes_nationaux": "Conseillers numériques",
        "formations_labels": "",
        "autres_formations_labels": "",
        "modalites_acces": "Se présenter|Téléphoner",
        "modalites_accompagnement": "En autonomie|Dans un atelier collectif",
        "fiche_acces_libre": "",
        "prise_rdv": "",
    }
    ligne.update(surcharges)
    return ligne


def texte_csv(
    lignes: list[dict[str, str]], *, separateur: str = ",", colonnes: list[str] = COLONNES
) -> str:
    sortie = io.StringIO(newline="")
    ecrivain = csv.DictWriter(
        sortie, colonnes, delimiter=separateur, extrasaction="ignore", lineterminator="\r\n"
    )
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return sortie.getvalue()


def ecrire_csv(
    chemin: Path,
    lignes: list[dict[str, str]],
    *,
    separateur: str = ",",
    bom: bool = False,
    colonnes: list[str] = COLONNES,
) -> Path:
    texte = texte_csv(lignes, separateur=separateur, colonnes=colonnes)
    chemin.write_bytes(texte.encode("utf-8-sig" if bom else "utf-8"))
    return chemin
