"""La facturation mensuelle d'Internet pour tous et les relevés des bailleurs.

Règle (models/facturation.py, docs/internet-pour-tous.md) : un mois est dû en entier,
au tarif en vigueur le premier jour du mois, par tout abonnement dont une période
d'activité contient ce premier jour ([debut, fin) : début inclus, fin exclue).

`facturer()` écrit les échéances du mois par tranches d'identifiants d'abonnement,
chacune en UNE requête ensembliste (INSERT … SELECT … ON CONFLICT DO NOTHING) : la
contrainte d'unicité (abonnement, mois) fait le reste. Deux passages du même mois,
l'un après l'autre ou en même temps sur deux workers, ne créent donc jamais de
doublon : le second attend, sur les lignes en conflit, que le premier valide sa
tranche, puis les compte « déjà là ». Chaque tranche valide aussitôt sa propre
transaction, avec les comptes du passage : la page de suivi les lit pendant qu'il
tourne."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from internet_pour_tous.models import (
    Abonnement,
    Echeance,
    Facturation,
    Logement,
    PeriodeActivite,
    Releve,
    Tarif,
)

# Abonnements par tranche : une tranche tient en une requête de quelques dixièmes de
# seconde, et la page de suivi avance au moins tous les TRANCHE abonnements.
TRANCHE = 20_000
# Trois mois impayés ou plus : l'abonnement est proposé à la suspension.
SEUIL_SUSPENSION = 3


def premier_du_mois(jour: date) -> date:
    return jour.replace(day=1)


def libelle_du_mois(mois: date) -> str:
    return date_format(mois, "F Y")


def mois_valide(mois: date) -> date:
    """Le premier jour du mois de `mois` ; un mois après le mois en cours est refusé."""
    mois = premier_du_mois(mois)
    if mois > premier_du_mois(timezone.localdate()):
        raise ValidationError(
            _("On ne facture pas un mois à venir\u00a0: %(mois)s n'a pas commencé."),
            code="futur",
            params={"mois": libelle_du_mois(mois)},
        )
    return mois


def tarif_du_mois(mois: date) -> Tarif | None:
    """Le tarif en vigueur le premier jour du mois : le plus récent déjà commencé."""
    return Tarif.objects.filter(debut__lte=mois).order_by("-debut").first()


def _actives_le(jour: date) -> QuerySet:
    return PeriodeActivite.objects.filter(debut__lte=jour).filter(
        Q(fin__isnull=True) | Q(fin__gt=jour)
    )


def _tranches(mois: date) -> dict[int, int]:
    """Numéro de tranche → abonnements dus dans la tranche, en une requête."""
    return dict(
        _actives_le(mois)
        .order_by()
        .annotate(tranche=F("abonnement_id") / Value(TRANCHE, output_field=IntegerField()))
        .values("tranche")
        .annotate(nombre=Count("abonnement_id", distinct=True))
        .values_list("tranche", "nombre")
    )


def _requete_tranche() -> str:
    q = connection.ops.quote_name
    e, p = q(Echeance._meta.db_table), q(PeriodeActivite._meta.db_table)
    a, lg, r = (q(m._meta.db_table) for m in (Abonnement, Logement, Releve))
    # Chaque échéance naît rattachée au relevé de son bailleur (créé juste avant) :
    # pas de second passage sur les lignes. Sans DISTINCT : deux périodes du même
    # abonnement qui contiendraient le jour donneraient deux lignes, dont ON CONFLICT
    # DO NOTHING ne garde que la première. SELECT … WHERE (jamais sans WHERE) :
    # SQLite lirait sinon ON CONFLICT comme la condition d'une jointure. Seuls les
    # noms des tables, cités par la base, sont écrits dans le texte ; les valeurs
    # passent en paramètres.
    return f"""
        INSERT INTO {e} (abonnement_id, mois, montant, statut, releve_id)
        SELECT p.abonnement_id, %s, %s, %s, r.id FROM {p} p
        JOIN {a} a ON a.id = p.abonnement_id
        JOIN {lg} l ON l.id = a.logement_id
        JOIN {r} r ON r.bailleur_id = l.bailleur_id AND r.mois = %s
        WHERE p.debut <= %s AND (p.fin IS NULL OR p.fin > %s)
          AND p.abonnement_id >= %s AND p.abonnement_id < %s
        ON CONFLICT (abonnement_id, mois) DO NOTHING
    """  # noqa: S608


def _releves_creer(mois: date) -> None:
    """Le relevé du mois de chaque bailleur qui a un abonnement dû (une requête de
    lecture, une d'écriture ; un relevé déjà là reste)."""
    bailleurs = (
        _actives_le(mois)
        .order_by()
        .values_list("abonnement__logement__bailleur_id", flat=True)
        .distinct()
    )
    Releve.objects.bulk_create(
        [Releve(bailleur_id=b, mois=mois) for b in bailleurs], ignore_conflicts=True
    )


def _echouer(passage: Facturation, erreur: str) -> Facturation:
    passage.statut = Facturation.Statut.ECHOUEE
    passage.erreur = erreur
    passage.fin = timezone.now()
    passage.save(update_fields=["statut", "erreur", "fin"])
    return passage


def facturer(mois: date, *, par=None, passage: Facturation | None = None) -> Facturation:
    """Crée les relevés des bailleurs du mois, puis les échéances du mois (voir la
    règle en tête du module), chacune rattachée au relevé de son bailleur. Rend le passage, terminé ou échoué (sans tarif en vigueur,
    son `erreur` le dit en français). `passage` : un passage déjà créé par la page
    de lancement (pour y rediriger avant que la tâche ne tourne)."""
    mois = mois_valide(mois)
    if passage is None:
        passage = Facturation.objects.create(mois=mois, lancee_par=par)
    tarif = tarif_du_mois(mois)
    if tarif is None:
        return _echouer(
            passage,
            _(
                "Aucun tarif n'est en vigueur le 1er %(mois)s\u00a0: ajoutez le tarif de ce "
                "mois (date de début au plus tard le premier jour du mois), puis relancez."
            )
            % {"mois": libelle_du_mois(mois)},
        )
    try:
        tranches = _tranches(mois)
        Facturation.objects.filter(pk=passage.pk).update(
            attendues=sum(tranches.values()), creees=0, deja_la=0
        )
        _releves_creer(mois)
        requete = _requete_tranche()
        montant = tarif.montant if connection.vendor == "postgresql" else str(tarif.montant)
        for numero in sorted(tranches):
            debut, fin = numero * TRANCHE, (numero + 1) * TRANCHE
            # La tranche et ses comptes valident ensemble, et tout de suite.
            with transaction.atomic(), connection.cursor() as curseur:
                curseur.execute(
                    requete, [mois, montant, Echeance.Statut.DUE, mois, mois, mois, debut, fin]
                )
                creees = max(curseur.rowcount, 0)
                Facturation.objects.filter(pk=passage.pk).update(
                    creees=F("creees") + creees,
                    deja_la=F("deja_la") + (tranches[numero] - creees),
                )
        # Pas de releves_preparer() ici : chaque échéance est née rattachée au relevé
        # de son bailleur ; relire le mois entier coûtait un quart de seconde à 100 000.
    except Exception as erreur:
        _echouer(passage, _("Le passage s'est arrêté\u00a0: %(erreur)s") % {"erreur": erreur})
        raise
    Facturation.objects.filter(pk=passage.pk).update(
        statut=Facturation.Statut.TERMINEE, fin=timezone.now()
    )
    passage.refresh_from_db()
    return passage


# --- Relevés des bailleurs ------------------------------------------------------------


def releves_preparer(mois: date) -> list[Releve]:
    """Un relevé par bailleur qui a des échéances ce mois-là, et chaque échéance du
    mois rattachée au relevé de son bailleur : trois requêtes, quel que soit le
    volume (UPDATE … FROM, une jointure ; PostgreSQL et SQLite 3.33 ou après). Relancé, il ne rattache que les échéances encore sans relevé."""
    mois = premier_du_mois(mois)
    bailleurs = (
        Echeance.objects.filter(mois=mois, releve__isnull=True)
        .order_by()
        .values_list("abonnement__logement__bailleur_id", flat=True)
        .distinct()
    )
    Releve.objects.bulk_create(
        [Releve(bailleur_id=b, mois=mois) for b in bailleurs], ignore_conflicts=True
    )
    q = connection.ops.quote_name
    e, r = q(Echeance._meta.db_table), q(Releve._meta.db_table)
    a, lg = q(Abonnement._meta.db_table), q(Logement._meta.db_table)
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute(
            f"""
            UPDATE {e} SET releve_id = r.id
            FROM {a} a
            JOIN {lg} l ON l.id = a.logement_id
            JOIN {r} r ON r.bailleur_id = l.bailleur_id
            WHERE a.id = {e}.abonnement_id AND r.mois = {e}.mois
              AND {e}.mois = %s AND {e}.releve_id IS NULL
            """,  # noqa: S608
            [mois],
        )
    return list(releves_avec_totaux().filter(mois=mois).select_related("bailleur"))


def releves_avec_totaux() -> QuerySet:
    """Les relevés avec leur nombre de lignes, leur total et leurs impayés (sous-
    requêtes : pas de jointure qui multiplierait les lignes)."""
    lignes = Echeance.objects.filter(releve=OuterRef("pk")).order_by().values("releve")
    montant = DecimalField(max_digits=12, decimal_places=2)
    return Releve.objects.annotate(
        nombre_lignes=Coalesce(
            Subquery(lignes.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        ),
        total=Coalesce(
            Subquery(lignes.annotate(t=Sum("montant")).values("t"), output_field=montant),
            Value(Decimal("0")),
            output_field=montant,
        ),
        total_impaye=Coalesce(
            Subquery(
                lignes.filter(statut=Echeance.Statut.IMPAYEE)
                .annotate(t=Sum("montant"))
                .values("t"),
                output_field=montant,
            ),
            Value(Decimal("0")),
            output_field=montant,
        ),
    )


def lignes_du_releve(releve: Releve) -> QuerySet:
    """Les lignes d'un relevé, dans l'ordre des références des logements."""
    return (
        Echeance.objects.filter(releve=releve)
        .select_related("abonnement__logement__residence")
        .order_by("abonnement__logement__reference", "pk")
    )


def _verrouiller(releve: Releve) -> Releve:
    return Releve.objects.select_for_update().get(pk=releve.pk)


@transaction.atomic
def releve_marquer_envoye(releve: Releve, *, par=None) -> Releve:
    verrou = _verrouiller(releve)
    if verrou.statut != Releve.Statut.PREPARE:
        raise ValidationError(
            _("Ce relevé est déjà « %(etat)s »\u00a0: il ne peut plus être marqué envoyé."),
            code="etat",
            params={"etat": verrou.get_statut_display()},
        )
    verrou.statut = Releve.Statut.ENVOYE
    verrou.envoye_le = timezone.now()
    verrou.save(update_fields=["statut", "envoye_le"])
    return verrou


@transaction.atomic
def releve_marquer_paye(releve: Releve, *, impayes=None, par=None) -> Releve:
    """Payé en entier (`impayes` vide) ou avec ces échéances impayées (identifiants
    d'échéances du relevé) : les autres lignes sont payées."""
    verrou = _verrouiller(releve)
    if verrou.statut not in (Releve.Statut.PREPARE, Releve.Statut.ENVOYE):
        raise ValidationError(
            _("Ce relevé est déjà « %(etat)s »\u00a0: son paiement est enregistré."),
            code="etat",
            params={"etat": verrou.get_statut_display()},
        )
    impayes = set(impayes or ())
    lignes = Echeance.objects.filter(releve=verrou)
    etrangeres = impayes - set(lignes.filter(pk__in=impayes).values_list("pk", flat=True))
    if etrangeres:
        raise ValidationError(
            _("Des lignes impayées n'appartiennent pas à ce relevé."), code="etrangeres"
        )
    lignes.exclude(pk__in=impayes).update(statut=Echeance.Statut.PAYEE)
    if impayes:
        lignes.filter(pk__in=impayes).update(statut=Echeance.Statut.IMPAYEE)
    verrou.statut = Releve.Statut.PAYE_EN_PARTIE if impayes else Releve.Statut.PAYE
    verrou.paye_le = timezone.now()
    if verrou.envoye_le is None:
        verrou.envoye_le = verrou.paye_le
    verrou.save(update_fields=["statut", "paye_le", "envoye_le"])
    return verrou


# --- Impayés par abonnement ---------------------------------------------------------------


def impayes_par_abonnement(queryset: QuerySet) -> QuerySet:
    """Ajoute à des abonnements `mois_impayes` et `montant_impaye` (sous-requêtes)."""
    impayees = (
        Echeance.objects.filter(abonnement=OuterRef("pk"), statut=Echeance.Statut.IMPAYEE)
        .order_by()
        .values("abonnement")
    )
    montant = DecimalField(max_digits=12, decimal_places=2)
    return queryset.annotate(
        mois_impayes=Coalesce(
            Subquery(impayees.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        ),
        montant_impaye=Coalesce(
            Subquery(impayees.annotate(t=Sum("montant")).values("t"), output_field=montant),
            Value(Decimal("0")),
            output_field=montant,
        ),
    )


def a_suspendre() -> QuerySet:
    """Les abonnements actifs qui ont au moins trois mois impayés : proposés à la
    suspension, le Gestionnaire décide."""
    return (
        impayes_par_abonnement(Abonnement.objects.filter(statut=Abonnement.Statut.ACTIF))
        .filter(mois_impayes__gte=SEUIL_SUSPENSION)
        .select_related("logement__residence")
        .order_by("-mois_impayes", "pk")
    )
