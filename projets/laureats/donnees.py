"""Les données ouvertes des lauréats : une ligne par projet lauréat de toute édition
aux résultats publiés, en CSV et en JSON, sous Licence Ouverte 2.0.

Les colonnes sont décrites une seule fois (COLONNES) : la page des lauréats les
documente et le JSON les porte dans ses métadonnées. Le CSV est en UTF-8 avec BOM,
séparé par des points-virgules, et ses cellules qui commenceraient par un signe de
formule sont neutralisées par l'aide de projets/exports."""

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from papi.models import Commune
from projets.exports.services import neutraliser
from projets.laureats.models import Laureat
from projets.models import FormeAide, Theme, TypeStructure

LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PRODUCTEUR = "Brest métropole"
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class Colonne:
    nom: str
    description: str


COLONNES = [
    Colonne("annee", _("Année de l'édition de l'appel à projets.")),
    Colonne("numero", _("Numéro du dossier (AAP-année-rang).")),
    Colonne("titre", _("Titre du projet.")),
    Colonne("structure", _("Nom de la structure porteuse.")),
    Colonne(
        "type_structure",
        _("Type de structure\u00a0: association, entreprise, collectivité, groupe informel."),
    ),
    Colonne("communes", _("Communes concernées par le projet, séparées par « | ».")),
    Colonne("themes", _("Thèmes du projet, séparés par « | ».")),
    Colonne(
        "forme_aide", _("Forme de l'aide accordée\u00a0: subvention, prêt de matériel ou les deux.")
    ),
    Colonne("montant_accorde", _("Montant accordé en euros, avec un point décimal.")),
    Colonne("deliberation_numero", _("Numéro de la délibération du conseil qui vote l'aide.")),
    Colonne("deliberation_date", _("Date du conseil, au format AAAA-MM-JJ.")),
    Colonne("url", _("Adresse de la page publique du projet.")),
]


def laureats_publies() -> QuerySet:
    """Les lauréats publics avec tout ce que montrent les pages et les données
    ouvertes, en trois requêtes."""
    return (
        Laureat.objects.publies()
        .select_related("dossier__structure", "dossier__decision__deliberation")
        .prefetch_related(
            Prefetch("dossier__themes", queryset=Theme.objects.order_by("libelle")),
            Prefetch("dossier__communes", queryset=Commune.objects.order_by("nom")),
        )
    )


def _ligne(laureat: Laureat, libelles_forme: dict, libelles_type: dict) -> dict:
    dossier = laureat.dossier
    decision = getattr(dossier, "decision", None)
    deliberation = decision.deliberation if decision else None
    return {
        "annee": laureat.annee,
        "numero": dossier.numero or "",
        "titre": dossier.titre,
        "structure": dossier.structure.nom,
        "type_structure": str(libelles_type.get(dossier.structure.type, dossier.structure.type)),
        "communes": [c.nom for c in dossier.communes.all()],
        "themes": [t.libelle for t in dossier.themes.all()],
        "forme_aide": str(libelles_forme.get(decision.forme_aide, "")) if decision else "",
        "montant_accorde": decision.montant_accorde if decision else Decimal("0"),
        "deliberation_numero": deliberation.numero if deliberation else "",
        "deliberation_date": deliberation.date_conseil.isoformat() if deliberation else "",
        "url": settings.SITE_URL.rstrip("/") + laureat.get_absolute_url(),
    }


def lignes() -> list[dict]:
    libelles_forme = dict(FormeAide.choices)
    libelles_type = dict(TypeStructure.choices)
    laureats = laureats_publies().order_by("annee", "dossier__numero", "pk")
    return [_ligne(laureat, libelles_forme, libelles_type) for laureat in laureats]


def _cellule(valeur) -> str:
    if isinstance(valeur, list):
        valeur = " | ".join(valeur)
    return str(neutraliser(str(valeur)))


def en_csv(lignes: list[dict]) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([c.nom for c in COLONNES])
    for ligne in lignes:
        ecrivain.writerow([_cellule(ligne[c.nom]) for c in COLONNES])
    return ("\ufeff" + tampon.getvalue()).encode()


def en_json(lignes: list[dict]) -> bytes:
    document = {
        "titre": "Lauréats de l'appel à projets multimédias",
        "producteur": PRODUCTEUR,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "genere_le": timezone.now().replace(microsecond=0).isoformat(),
        "colonnes": [{"nom": c.nom, "description": str(c.description)} for c in COLONNES],
        "laureats": [
            {**ligne, "montant_accorde": str(ligne["montant_accorde"])} for ligne in lignes
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
