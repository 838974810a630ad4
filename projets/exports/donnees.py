"""Ce que les exports lisent d'un dossier ou d'une structure, en peu de requêtes :
le récapitulatif d'un dossier (PDF, ZIP) et tout ce que le portail tient sur une
structure (export de ses données, RGPD).

Les pièces jointes et les messages appartiennent aux sous-applications pieces et
echanges : on les lit par leurs modèles. Les annotations privées de l'instruction
n'en sortent jamais."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from projets.deliberation.pour_la_structure import (
    avec_decision_notifiee,
    historique_visible,
    statut_visible,
)
from projets.echanges.models import Message
from projets.models import Dossier, HistoriqueDossier, LigneBudget, Public, Structure
from projets.pieces.models import PieceJointe


def pieces_du_dossier(dossier: Dossier) -> list[PieceJointe]:
    return list(PieceJointe.objects.filter(dossier=dossier).order_by("deposee_le", "pk"))


def recapitulatif(dossier: Dossier) -> dict:
    """Tout ce que montre le récapitulatif : champs, budget, pièces, historique."""
    dossier = (
        Dossier.objects.select_related("edition", "structure", "structure__commune", "instructeur")
        .prefetch_related(
            "themes",
            "communes",
            "lieux",
            Prefetch("lignes_budget", queryset=LigneBudget.objects.order_by("ordre", "pk")),
            Prefetch(
                "historique",
                queryset=HistoriqueDossier.objects.select_related("par").order_by("quand", "pk"),
            ),
        )
        .get(pk=dossier.pk)
    )
    lignes = list(dossier.lignes_budget.all())
    depenses = [ligne for ligne in lignes if ligne.nature == LigneBudget.Nature.DEPENSE]
    recettes = [ligne for ligne in lignes if ligne.nature == LigneBudget.Nature.RECETTE]
    total_recettes = sum((ligne.montant for ligne in recettes), Decimal("0"))
    libelles = dict(Public.choices)
    return {
        "dossier": dossier,
        "edition": dossier.edition,
        "structure": dossier.structure,
        "publics": [libelles.get(p, p) for p in dossier.publics or []],
        "depenses": depenses,
        "recettes": recettes,
        "total_depenses": sum((ligne.montant for ligne in depenses), Decimal("0")),
        "total_recettes": total_recettes,
        "total_recettes_avec_aide": total_recettes + dossier.montant_demande,
        "pieces": pieces_du_dossier(dossier),
        "historique": list(dossier.historique.all()),
    }


# --- Export des données d'une structure -------------------------------------------


def _valeur(valeur):
    if isinstance(valeur, datetime):
        return timezone.localtime(valeur).isoformat() if timezone.is_aware(valeur) else valeur
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return str(valeur)
    if isinstance(valeur, models.fields.files.FieldFile):
        return valeur.name or ""
    return valeur


def _ligne(objet: models.Model, *, sauf: tuple[str, ...] = ()) -> dict:
    """Les champs simples d'une ligne (clés étrangères par leur identifiant)."""
    return {
        champ.attname: _valeur(getattr(objet, champ.attname))
        for champ in objet._meta.concrete_fields
        if champ.name not in sauf
    }


def _personne(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "nom": user.get_full_name(), "email": user.email}


def donnees_de_la_structure(structure: Structure) -> dict:
    """Tout ce que le portail tient sur la structure, prêt pour json.dumps : la
    structure, ses membres et invitations, ses dossiers avec leur budget, leur
    historique, les demandes de compléments, les messages et la liste des pièces."""
    structure = Structure.objects.select_related("commune").get(pk=structure.pk)
    dossiers = list(
        avec_decision_notifiee(structure.dossiers.select_related("edition"))
        .prefetch_related(
            "themes",
            "communes",
            "lieux",
            Prefetch("lignes_budget", queryset=LigneBudget.objects.order_by("nature", "ordre")),
            Prefetch(
                "historique",
                queryset=HistoriqueDossier.objects.select_related("par").order_by("quand", "pk"),
            ),
            "demandes_complement",
        )
        .order_by("pk")
    )
    pieces = _par_dossier(PieceJointe, dossiers)
    messages = _par_dossier(Message, dossiers)
    return {
        "genere_le": timezone.localtime().isoformat(),
        "structure": {**_ligne(structure), "commune": structure.commune.nom},
        "membres": [
            {"depuis": _valeur(m.depuis), **_personne(m.user)}
            for m in structure.membres.select_related("user").order_by("depuis", "pk")
        ],
        "invitations": [_ligne(i) for i in structure.invitations.order_by("cree_le", "pk")],
        "dossiers": [_dossier(d, pieces.get(d.pk, []), messages.get(d.pk, [])) for d in dossiers],
    }


def _par_dossier(modele: type[models.Model], dossiers: list[Dossier]) -> dict:
    if not dossiers:
        return {}
    rangees: dict[int, list] = {}
    for objet in modele.objects.filter(dossier__in=dossiers).order_by("pk"):
        rangees.setdefault(objet.dossier_id, []).append(_ligne(objet))
    return rangees


def _dossier(dossier: Dossier, pieces: list, messages: list) -> dict:
    # La structure ne lit pas la décision du jury avant sa notification.
    notifiee = dossier.decision_notifiee
    return {
        **_ligne(dossier, sauf=("version",)),
        "statut": statut_visible(dossier, notifiee=notifiee),
        "edition": dossier.edition.titre,
        "statut_libelle": dossier.statut_pour_la_structure(decision_notifiee=notifiee),
        "themes": [t.libelle for t in dossier.themes.all()],
        "communes": [c.nom for c in dossier.communes.all()],
        "lieux": [str(lieu) for lieu in dossier.lieux.all()],
        "budget": [
            {"nature": ligne.nature, "libelle": ligne.libelle, "montant": str(ligne.montant)}
            for ligne in dossier.lignes_budget.all()
        ],
        "historique": [
            {
                "quand": _valeur(h.quand),
                "de": h.de,
                "vers": h.vers,
                "par": str(h.par) if h.par else None,
                "motif": h.motif,
            }
            for h in historique_visible(dossier.historique.all(), notifiee=notifiee)
        ],
        "demandes_de_complements": [_ligne(d) for d in dossier.demandes_complement.all()],
        "messages": messages,
        "pieces": pieces,
    }
