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
