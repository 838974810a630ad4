"""Mise en forme des mesures : tableau Markdown pour l'écran, JSON pour l'archive."""

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from bench.mesures import Mesure

COLONNES = [
    "URL",
    "req/s",
    "p50 (ms)",
    "p99 (ms)",
    "requêtes SQL / requête",
    "req/s ÷ plancher",
    "p99 ÷ plancher",
    "statut",
]


def nombre(valeur: float | None, decimales: int = 0) -> str:
    """Écriture française : espace des milliers, virgule décimale."""
    if valeur is None:
        return "—"
    return f"{valeur:,.{decimales}f}".replace(",", " ").replace(".", ",")


def ratios(mesure: Mesure, plancher: Mesure) -> tuple[float | None, float | None]:
    """(débit, p99) rapportés au plancher : la part de coût propre à la page."""
    debit = mesure.requetes_par_s / plancher.requetes_par_s if plancher.requetes_par_s else None
    p99 = mesure.p99_ms / plancher.p99_ms if plancher.p99_ms else None
    return debit, p99


def statut(mesure: Mesure) -> str:
    # Un débit mesuré sur des pages d'erreur flatte la page : on le signale.
    morceaux = [str(mesure.statut) if mesure.statut is not None else "?"]
    if mesure.hors_2xx_3xx:
        morceaux.append(f"{nombre(mesure.hors_2xx_3xx)} réponses hors 2xx/3xx")
    if mesure.erreurs_socket:
        morceaux.append(f"{nombre(mesure.erreurs_socket)} erreurs de socket")
    return " ; ".join(morceaux)


def tableau(mesures: list[Mesure]) -> str:
    plancher = mesures[0]
    lignes = [
        "| " + " | ".join(COLONNES) + " |",
        "|" + "|".join(["---"] + ["---:"] * 6 + ["---"]) + "|",
    ]
    for mesure in mesures:
        debit, p99 = ratios(mesure, plancher)
        cellules = [
            f"`{mesure.chemin}`",
            nombre(mesure.requetes_par_s),
            nombre(mesure.p50_ms, 1),
            nombre(mesure.p99_ms, 1),
            nombre(mesure.requetes_sql),
            nombre(debit, 2),
            nombre(p99, 2),
            statut(mesure),
        ]
        lignes.append("| " + " | ".join(cellules) + " |")
    return "\n".join(lignes)


def ecrire_json(
    dossier: Path, mesures: list[Mesure], *, parametres: dict, volumes: dict[str, int]
) -> Path:
    """Archive un lancement dans `dossier` (ignoré par git) ; renvoie le fichier écrit."""
    instant = datetime.now().astimezone()
    plancher = mesures[0]
    donnees = {
        "date": instant.isoformat(timespec="seconds"),
        "parametres": parametres,
        "volumes": volumes,
        "mesures": [
            {
                **asdict(m),
                **dict(zip(("ratio_debit", "ratio_p99"), ratios(m, plancher), strict=True)),
            }
            for m in mesures
        ],
    }
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / f"charge-{instant:%Y%m%d-%H%M%S}.json"
    fichier.write_text(json.dumps(donnees, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fichier
