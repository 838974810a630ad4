"""Des éditions aux résultats publiés et leurs dossiers votés, écrits directement en
base (sans rejouer jury ni délibération) : ce que les pages publiques lisent."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from papi.models import Commune
from projets.deliberation.models import Decision, DeliberationConseil
from projets.laureats.models import Laureat
from projets.laureats.services import laureats_preparer
from projets.models import Dossier, FormeAide
from tests.projets.factories import DossierFactory, EditionFactory, StructureFactory, brest

_rangs = itertools.count(1)


def guipavas() -> Commune:
    commune, _ = Commune.objects.get_or_create(
        code_insee="29075",
        defaults={"nom": "Guipavas", "code_postal": "29490", "latitude": 48.43, "longitude": -4.4},
    )
    return commune


def edition_publiee(*, publiee_le=None, publiee=True, **champs):
    """Une édition close depuis un an ; ses résultats publiés hier (ou `publiee_le`,
    ou pas du tout avec publiee=False)."""
    maintenant = timezone.now()
    champs.setdefault("ouverture", maintenant - timedelta(days=400))
    champs.setdefault("cloture", maintenant - timedelta(days=370))
    edition = EditionFactory(**champs)
    if publiee:
        edition.resultats_publies_le = publiee_le or maintenant - timedelta(days=1)
        edition.save(update_fields=["resultats_publies_le"])
    return edition


def dossier(edition, statut=Dossier.Statut.DEPOSE, *, themes=(), communes=(), **champs) -> Dossier:
    rang = next(_rangs)
    if statut != Dossier.Statut.BROUILLON:
        champs.setdefault("numero", f"AAP-{edition.annee}-{rang:05d}")
        champs.setdefault("rang", rang)
        champs.setdefault("depose_le", timezone.now() - timedelta(days=380))
    cree = DossierFactory(edition=edition, statut=statut, budget=False, **champs)
    if themes:
        cree.themes.set(themes)
    if communes:
        cree.communes.set(communes)
    return cree


def deliberation(edition, numero=None) -> DeliberationConseil:
    return DeliberationConseil.objects.create(
        edition=edition,
        numero=numero or f"DEL-{edition.annee}-{next(_rangs)}",
        date_conseil=date(edition.annee, 12, 15),
    )


def laureat(
    edition,
    *,
    montant=Decimal("1200"),
    forme=FormeAide.SUBVENTION,
    vote=True,
    delib=None,
    **champs,
) -> Laureat:
    """Un dossier retenu (voté si `vote`) avec sa décision et sa fiche de lauréat."""
    statut = Dossier.Statut.VOTE if vote else Dossier.Statut.RETENU
    cree = dossier(edition, statut, **champs)
    Decision.objects.create(
        dossier=cree,
        sens=Decision.Sens.RETENU,
        montant_accorde=montant,
        forme_aide=forme,
        deliberation=(delib or deliberation(edition)) if vote else None,
    )
    if vote:
        (fiche,) = laureats_preparer([cree])
        return fiche
    # Une fiche préparée d'avance pour un dossier pas encore voté : jamais publique.
    return Laureat.objects.create(
        dossier=cree, annee=edition.annee, slug=f"non-vote-{cree.pk}", resume_public="Caché"
    )


def structure_collectivite():
    return StructureFactory(type="collectivite", rna="", siret="21290019700014")


__all__ = ["brest", "guipavas", "edition_publiee", "dossier", "deliberation", "laureat"]
