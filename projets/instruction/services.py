"""Ce que l'instruction lit et écrit en dehors des transitions du dossier (qui sont
des méthodes de Dossier) : la liste filtrée d'une édition, l'attribution, le
marqueur « à suivre », les annotations et les actions groupées.

Les pages de l'instruction tiennent en un nombre de requêtes fixe : tout ce qui se
compte par dossier (thèmes, communes, lieux, échéance des compléments) ou par
édition (thèmes, instructeurs) vient en sous-requêtes de la requête principale,
jamais d'une requête par ligne."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils.translation import gettext

from brest_numerique.comptes.roles import peut
from brest_numerique.etats import TransitionInterdite
from brest_numerique.expressions import ListeEnJSON
from papi.models import Commune, Lieu
from projets.echanges.services import non_lus
from projets.instruction.models import Annotation
from projets.models import AppelAProjets, DemandeComplement, Dossier, Statut, Theme

# Les états visibles de l'instruction : tout sauf le brouillon, qui reste à la structure.
ETATS_INSTRUITS = [statut for statut in Statut if statut != Statut.BROUILLON]
# Un envoi groupé porte au plus sur une page de la liste (et un peu de marge).
GROUPE_MAX = 200

TRIS = {
    "numero": ["rang", "pk"],
    "-numero": ["-rang", "-pk"],
    "titre": ["titre", "pk"],
    "structure": ["structure__nom", "rang"],
    "depose_le": ["depose_le", "pk"],
    "-depose_le": ["-depose_le", "-pk"],
    "montant": ["montant_demande", "rang"],
    "-montant": ["-montant_demande", "rang"],
    "statut": ["statut", "rang"],
    # Annotation de projets.echanges.services.avec_non_lus.
    "non_lus": ["-messages_non_lus", "rang"],
}


def _instructeurs_json(edition_id) -> ListeEnJSON:
    User = get_user_model()
    return ListeEnJSON(
        User.objects.filter(editions_instruites=edition_id, is_active=True)
        .order_by("last_name", "first_name", "email")
        .values(json=JSONObject(pk="pk", prenom="first_name", nom="last_name", email="email"))
    )


def edition_pour_instruction(annee: int) -> AppelAProjets | None:
    """L'édition de `annee` avec ses thèmes et ses instructeurs, en une requête."""
    return (
        AppelAProjets.objects.annotate(
            themes_json=ListeEnJSON(
                Theme.objects.filter(editions=OuterRef("pk"))
                .order_by("libelle")
                .values(json=JSONObject(pk="pk", libelle="libelle"))
            ),
            instructeurs_json=_instructeurs_json(OuterRef("pk")),
        )
        .filter(annee=annee)
        .first()
    )


def nom_de(personne: dict) -> str:
    """Le nom affiché d'un instructeur lu en JSON (comme User.__str__)."""
    nom = f"{personne['prenom']} {personne['nom']}".strip()
    return nom or personne["email"]


def choix_des_instructeurs(instructeurs_json: list[dict]) -> list[tuple[str, str]]:
    return [(str(personne["pk"]), nom_de(personne)) for personne in instructeurs_json]


def _libelles(modele, filtre: dict, champ: str) -> ListeEnJSON:
    return ListeEnJSON(modele.objects.filter(**filtre).order_by(champ).values(champ))


def dossiers_instruits(edition: AppelAProjets) -> QuerySet:
    """Les dossiers déposés de l'édition (jamais les brouillons), avec ce que la
    liste affiche."""
    return (
        Dossier.objects.filter(edition=edition)
        .exclude(statut=Statut.BROUILLON)
        .select_related("structure", "instructeur")
        .annotate(themes_libelles=_libelles(Theme, {"dossier": OuterRef("pk")}, "libelle"))
    )


def filtre_des_dossiers(valeurs: dict, *, user) -> tuple[Q, Q]:
    """(filtre sans l'état, filtre de l'état) d'après les valeurs validées du
    formulaire de filtres : les comptes par état se font avec le premier."""
    filtre = Q()
    if theme := valeurs.get("theme"):
        filtre &= Q(
            Exists(Dossier.themes.through.objects.filter(dossier_id=OuterRef("pk"), theme_id=theme))
        )
    if commune := valeurs.get("commune"):
        # La commune concernée par le projet, ou celle de la structure.
        filtre &= Q(
            Exists(
                Dossier.communes.through.objects.filter(
                    dossier_id=OuterRef("pk"), commune_id=commune
                )
            )
        ) | Q(structure__commune_id=commune)
    instructeur = valeurs.get("instructeur")
    if instructeur == "aucun":
        filtre &= Q(instructeur__isnull=True)
    elif instructeur == "moi":
        filtre &= Q(instructeur=user.pk)
    elif instructeur:
        filtre &= Q(instructeur=int(instructeur))
    if valeurs.get("a_suivre"):
        filtre &= Q(a_suivre=True)
    if valeurs.get("non_lus"):
        filtre &= Q(Exists(non_lus(user).filter(dossier_id=OuterRef("pk"))))
    if recherche := valeurs.get("q"):
        filtre &= (
            Q(numero__icontains=recherche)
            | Q(titre__icontains=recherche)
            | Q(structure__nom__icontains=recherche)
        )
    statut = valeurs.get("statut")
    return filtre, Q(statut=statut) if statut else Q()


def comptes_par_etat(edition: AppelAProjets, filtre: Q, filtre_statut: Q) -> dict:
    """Le total de la liste affichée et le nombre de dossiers par état, en une requête."""
    return (
        Dossier.objects.filter(edition=edition)
        .exclude(statut=Statut.BROUILLON)
        .aggregate(
            total=Count("pk", filter=filtre & filtre_statut),
            **{
                statut.value: Count("pk", filter=filtre & Q(statut=statut))
                for statut in ETATS_INSTRUITS
            },
        )
    )


def dossier_pour_instruction() -> QuerySet:
    """Le dossier et tout ce que sa page lit d'une ligne : structure, édition,
    thèmes, communes, lieux, échéance des compléments demandés, instructeurs."""
    return (
        Dossier.objects.exclude(statut=Statut.BROUILLON)
        .select_related("edition", "structure", "structure__commune", "instructeur")
        .annotate(
            themes_libelles=_libelles(Theme, {"dossier": OuterRef("pk")}, "libelle"),
            communes_libelles=ListeEnJSON(
                Commune.objects.filter(
                    code_insee__in=Dossier.communes.through.objects.filter(
                        dossier_id=OuterRef(OuterRef("pk"))
                    ).values("commune_id")
                )
                .order_by("nom")
                .values("nom")
            ),
            lieux_libelles=ListeEnJSON(
                Lieu.objects.filter(
                    pk__in=Dossier.lieux.through.objects.filter(
                        dossier_id=OuterRef(OuterRef("pk"))
                    ).values("lieu_id")
                )
                .order_by("nom")
                .values("nom")
            ),
            echeance_en_cours=Subquery(
                DemandeComplement.objects.filter(dossier=OuterRef("pk"), completee_le__isnull=True)
                .order_by("-pk")
                .values("echeance")[:1]
            ),
            instructeurs_json=_instructeurs_json(OuterRef("edition_id")),
        )
    )


# --- Écritures ----------------------------------------------------------------------


def _instructeur_de_l_edition(dossier: Dossier, instructeur_id: int | None):
    if instructeur_id is None:
        return None
    instructeur = dossier.edition.instructeurs.filter(pk=instructeur_id, is_active=True).first()
    if instructeur is None:
        raise ValidationError(
            {"instructeur": gettext("Choisissez un instructeur de cette édition.")}
        )
    return instructeur


@transaction.atomic
def dossier_attribuer(*, dossier: Dossier, instructeur_id: int | None) -> None:
    """Confie le dossier à un instructeur de son édition (None : à personne).

    Seul le champ de l'instruction s'écrit (update) : un candidat qui complète son
    dossier au même moment ne perd rien, et sa version ne bouge pas."""
    instructeur = _instructeur_de_l_edition(dossier, instructeur_id)
    Dossier.objects.filter(pk=dossier.pk).update(instructeur=instructeur)
    dossier.instructeur = instructeur


def dossier_marquer_a_suivre(*, dossier: Dossier, a_suivre: bool) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(a_suivre=a_suivre)
    dossier.a_suivre = a_suivre


def annotation_ajouter(*, dossier: Dossier, auteur, texte: str) -> Annotation:
    texte = texte.strip()
    if not texte:
        raise ValidationError({"texte": gettext("Écrivez l'annotation.")})
    return Annotation.objects.create(dossier=dossier, auteur=auteur, texte=texte)


@dataclass
class BilanGroupe:
    reussis: list[str] = field(default_factory=list)
    refus: list[str] = field(default_factory=list)


def dossiers_traiter_en_groupe(
    *, edition: AppelAProjets, ids: list[int], action: str, par, instructeur_id: int | None = None
) -> BilanGroupe:
    """Attribue ou passe en instruction chaque dossier choisi, un par un : chaque
    dossier est revérifié (de cette édition, déposé, permis à `par`) et un refus
    n'empêche pas les autres."""
    bilan = BilanGroupe()
    dossiers = list(
        Dossier.objects.filter(edition=edition, pk__in=ids[:GROUPE_MAX])
        .exclude(statut=Statut.BROUILLON)
        .select_related("edition")
        .order_by("rang", "pk")
    )
    inconnus = len(set(ids[:GROUPE_MAX])) - len(dossiers)
    if inconnus:
        bilan.refus.append(
            gettext("%(nombre)d dossier(s) introuvable(s) dans cette édition.")
            % {"nombre": inconnus}
        )
    for dossier in dossiers:
        if not peut(par, "instruire_dossiers", dossier):
            bilan.refus.append(
                gettext("%(dossier)s\u00a0: vous n'instruisez pas ce dossier.")
                % {"dossier": dossier.numero or gettext("un brouillon")}
            )
            continue
        try:
            if action == "attribuer":
                dossier_attribuer(dossier=dossier, instructeur_id=instructeur_id)
            else:
                dossier.ouvrir_instruction(par=par)
        except (TransitionInterdite, ValidationError) as exc:
            raison = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            bilan.refus.append(f"{dossier.numero} : {raison}")
        else:
            bilan.reussis.append(dossier.numero)
    return bilan


def annotations_du_dossier(dossier: Dossier) -> QuerySet:
    return dossier.annotations.select_related("auteur")


def historique_du_dossier(dossier: Dossier) -> QuerySet:
    return dossier.historique.select_related("par")


def lignes_du_budget(dossier: Dossier) -> list:
    return list(dossier.lignes_budget.all())
