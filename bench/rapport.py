"""Mise en forme des mesures : tableau Markdown pour l'écran, JSON pour l'archive."""

import json
import statistics
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from bench.mesures import DureeSansCache, Mesure

COLONNES = [
    "URL",
    "req/s",
    "p50 (ms)",
    "p99 (ms)",
    "Ko / réponse",
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
    if mesure.statuts_wrk:
        vus = ", ".join(f"{code} × {nombre(n)}" for code, n in sorted(mesure.statuts_wrk.items()))
        morceaux.append(f"vus par wrk : {vus}")
    return " ; ".join(morceaux)


def adresse(chemin: str, note: str) -> str:
    return f"`{chemin}` {note}" if note else f"`{chemin}`"


def tableau(mesures: list[Mesure]) -> str:
    plancher = mesures[0]
    lignes = [
        "| " + " | ".join(COLONNES) + " |",
        "|" + "|".join(["---"] + ["---:"] * 7 + ["---"]) + "|",
    ]
    for mesure in mesures:
        debit, p99 = ratios(mesure, plancher)
        cellules = [
            adresse(mesure.chemin, mesure.note),
            nombre(mesure.requetes_par_s),
            nombre(mesure.p50_ms, 1),
            nombre(mesure.p99_ms, 1),
            nombre(mesure.octets_par_reponse / 1024 if mesure.octets_par_reponse else None, 1),
            nombre(mesure.requetes_sql),
            nombre(debit, 2),
            nombre(p99, 2),
            statut(mesure),
        ]
        lignes.append("| " + " | ".join(cellules) + " |")
    return "\n".join(lignes)


def rapports_p99_par_tour(tours: list[list[Mesure]]) -> list[tuple[Mesure, list[float | None]]]:
    """Pour chaque adresse du premier tour, le p99 ÷ plancher de chaque tour, chaque
    p99 rapporté au plancher de son propre tour."""
    return [
        (mesures, [ratios(tour[rang], tour[0])[1] for tour in tours])
        for rang, mesures in enumerate(tours[0])
    ]


def tableau_des_tours(tours: list[list[Mesure]]) -> str:
    lignes = [
        "| URL | " + " | ".join(f"tour {n}" for n in range(1, len(tours) + 1)) + " | médiane |",
        "|---|" + "---:|" * (len(tours) + 1),
    ]
    for mesure, rapports in rapports_p99_par_tour(tours):
        connus = [r for r in rapports if r is not None]
        mediane = statistics.median(connus) if connus else None
        cellules = [adresse(mesure.chemin, mesure.note)]
        cellules += [nombre(r, 2) for r in rapports] + [nombre(mediane, 2)]
        lignes.append("| " + " | ".join(cellules) + " |")
    return "\n".join(lignes)


def tableau_durees(durees: list[DureeSansCache]) -> str:
    lignes = [
        "| URL | médiane (ms) | max (ms) | requêtes SQL / requête | statut |",
        "|---|---:|---:|---:|---|",
    ]
    for duree in durees:
        cellules = [
            adresse(duree.chemin, duree.note),
            nombre(duree.mediane_ms, 1),
            nombre(duree.max_ms, 1),
            nombre(duree.requetes_sql),
            str(duree.statut),
        ]
        lignes.append("| " + " | ".join(cellules) + " |")
    return "\n".join(lignes)


def bilan(valeurs: dict[str, float]) -> str:
    return ", ".join(
        f"{cle} {nombre(v, 1 if isinstance(v, float) else 0)}" for cle, v in valeurs.items()
    )


def ecrire_json(
    dossier: Path,
    mesures: list[Mesure],
    *,
    parametres: dict,
    volumes: dict[str, int],
    durees: list[DureeSansCache] = (),
    depot: dict[str, float] | None = None,
    tours: list[list[Mesure]] = (),
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
        "durees_sans_cache": [asdict(d) for d in durees],
        "depot": depot or {},
        "p99_sur_plancher_par_tour": {
            mesure.chemin + (f" {mesure.note}" if mesure.note else ""): rapports
            for mesure, rapports in rapports_p99_par_tour(tours)
        }
        if tours
        else {},
    }
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / f"charge-{instant:%Y%m%d-%H%M%S}.json"
    fichier.write_text(json.dumps(donnees, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fichier
