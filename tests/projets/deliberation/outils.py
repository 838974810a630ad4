"""Outils des tests de la délibération : des dossiers examinés par le jury et des
évaluations écrites directement (les transitions du jury sont testées dans
tests/projets/jury), pour des notes calculées à la main."""

from decimal import Decimal

from django.utils import timezone

from brest_numerique.comptes.roles import Role
from projets.jury.models import Evaluation, Jury, Note
from projets.models import Dossier, Statut
from tests.factories import UserFactory
from tests.projets.factories import dossier_depose


def en_jury(edition, *, montant="1500", **champs) -> Dossier:
    """Un dossier déposé (un membre dans sa structure), passé en jury."""
    dossier = dossier_depose(edition=edition, **champs)
    # Le montant après le dépôt : le budget de la fabrique s'équilibre sur 1 500 €.
    Dossier.objects.filter(pk=dossier.pk).update(
        statut=Statut.EN_JURY, montant_demande=Decimal(montant)
    )
    dossier.refresh_from_db()
    return dossier


def jures(edition, nombre: int) -> list:
    personnes = [UserFactory(role=Role.JURY) for _ in range(nombre)]
    jury, _ = Jury.objects.get_or_create(
        edition=edition,
        defaults={"notation_debut": timezone.localdate(), "notation_fin": timezone.localdate()},
    )
    jury.jures.add(*personnes)
    return personnes


def noter(dossier, jure, valeurs, *, avis="favorable", statut=Evaluation.Statut.SOUMISE):
    """Une évaluation de `jure` : `valeurs` dans l'ordre des critères de l'édition."""
    evaluation = Evaluation.objects.create(
        dossier=dossier,
        jure=jure,
        statut=statut,
        avis=avis if statut == Evaluation.Statut.SOUMISE else "",
        conflit_motif="Je préside cette association."
        if statut == Evaluation.Statut.CONFLIT
        else "",
        soumise_le=timezone.now() if statut == Evaluation.Statut.SOUMISE else None,
    )
    criteres = list(dossier.edition.criteres.order_by("ordre", "pk"))
    Note.objects.bulk_create(
        Note(evaluation=evaluation, critere=c, valeur=v)
        for c, v in zip(criteres, valeurs, strict=False)
    )
    return evaluation


def conflit(dossier, jure):
    return noter(dossier, jure, [], statut=Evaluation.Statut.CONFLIT)


def notes_en_masse(edition, *, dossiers: int, nb_jures: int, criteres: int):
    """`dossiers` dossiers en jury notés par `nb_jures` jurés sur `criteres` critères,
    écrits en masse (un conflit par dossier sur le premier juré, un sur cinq)."""
    from projets.models import CritereNotation
    from tests.projets.outils_instruction import dossiers_en_masse

    manquants = criteres - edition.criteres.count()
    CritereNotation.objects.bulk_create(
        CritereNotation(edition=edition, libelle=f"Critère {n}", poids=1 + n % 3, ordre=10 + n)
        for n in range(manquants)
    )
    grille = list(edition.criteres.all())
    lot = dossiers_en_masse(edition, dossiers, lignes=1)
    Dossier.objects.filter(pk__in=[d.pk for d in lot]).update(
        statut=Statut.EN_JURY, montant_demande=Decimal("1000")
    )
    personnes = jures(edition, nb_jures)
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            dossier=d,
            jure=j,
            statut=Evaluation.Statut.CONFLIT
            if (i == 0 and n % 5 == 0)
            else Evaluation.Statut.SOUMISE,
            avis="" if (i == 0 and n % 5 == 0) else "favorable",
            conflit_motif="Lien familial." if (i == 0 and n % 5 == 0) else "",
        )
        for n, d in enumerate(lot)
        for i, j in enumerate(personnes)
    )
    Note.objects.bulk_create(
        Note(evaluation=e, critere=c, valeur=(e.dossier_id + e.jure_id + c.pk) % 6)
        for e in evaluations
        if e.statut == Evaluation.Statut.SOUMISE
        for c in grille
    )
    return lot
