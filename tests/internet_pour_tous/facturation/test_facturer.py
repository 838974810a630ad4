"""La règle de facturation à chaque frontière, le tarif daté, l'idempotence et les
comptes du passage."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from internet_pour_tous.facturation import services
from internet_pour_tous.facturation.services import facturer
from internet_pour_tous.models import Echeance, Facturation, Releve
from tests.internet_pour_tous.factories import TarifFactory
from tests.internet_pour_tous.facturation.conftest import abonne

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mi_mars():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


MARS = date(2026, 3, 1)


def _dus(mois=MARS) -> set[int]:
    return set(Echeance.objects.filter(mois=mois).values_list("abonnement_id", flat=True))


def test_chaque_frontiere_de_la_regle_de_facturation(tarif):
    cas = {
        # Actif le 1er : le mois est dû en entier.
        "debut_le_1er": abonne((date(2026, 3, 1), None)),
        # Activé le 2 ou le dernier jour : il commence à payer le mois suivant.
        "debut_le_2": abonne((date(2026, 3, 2), None)),
        "debut_le_dernier_jour": abonne((date(2026, 2, 28), None)),
        "debut_le_31": abonne((date(2026, 3, 31), None)),
        # Résilié le 1er (fin exclue) : rien pour ce mois ; le 2 : le mois est dû.
        "resilie_le_1er": abonne((date(2025, 6, 1), date(2026, 3, 1))),
        "resilie_le_2": abonne((date(2025, 6, 1), date(2026, 3, 2))),
        # Suspendu en février, repris le 10 mars : rien en mars, dû en avril.
        "suspendu_puis_repris": abonne(
            (date(2025, 6, 1), date(2026, 2, 10)), (date(2026, 3, 10), None)
        ),
        # Suspendu le 20 février, repris le 1er mars : dû en mars.
        "repris_le_1er": abonne((date(2025, 6, 1), date(2026, 2, 20)), (date(2026, 3, 1), None)),
    }
    passage = facturer(MARS)
    dus_mars = {nom for nom, a in cas.items() if a.pk in _dus()}
    assert dus_mars == {"debut_le_1er", "debut_le_dernier_jour", "resilie_le_2", "repris_le_1er"}
    assert passage.statut == Facturation.Statut.TERMINEE
    assert (passage.attendues, passage.creees, passage.deja_la) == (4, 4, 0)
    assert {e.montant for e in Echeance.objects.all()} == {Decimal("1.10")}

    with time_machine.travel(date(2026, 4, 2), tick=False):
        facturer(date(2026, 4, 1))
    dus_avril = {nom for nom, a in cas.items() if a.pk in _dus(date(2026, 4, 1))}
    assert dus_avril == {
        "debut_le_1er",
        "debut_le_2",
        "debut_le_dernier_jour",
        "debut_le_31",
        "suspendu_puis_repris",
        "repris_le_1er",
    }


def test_le_tarif_du_mois_est_celui_en_vigueur_le_premier_jour(tarif):
    TarifFactory(montant=Decimal("1.24"), debut=date(2026, 3, 1))
    TarifFactory(montant=Decimal("1.30"), debut=date(2026, 3, 2))
    abonnement = abonne((date(2025, 1, 1), None))
    facturer(date(2026, 2, 1))
    facturer(MARS)
    montants = dict(abonnement.echeances.values_list("mois", "montant"))
    assert montants == {date(2026, 2, 1): Decimal("1.10"), MARS: Decimal("1.24")}


def test_un_second_passage_ne_cree_rien_et_compte_ce_qui_est_deja_la(tarif):
    for _ in range(3):
        abonne((date(2025, 1, 1), None))
    premier = facturer(MARS)
    second = facturer(date(2026, 3, 20))  # normalisé au premier du mois
    assert (premier.creees, premier.deja_la) == (3, 0)
    assert (second.mois, second.attendues, second.creees, second.deja_la) == (MARS, 3, 0, 3)
    assert Echeance.objects.count() == 3
    assert Releve.objects.count() == 3  # un bailleur par abonnement de la fabrique


def test_les_tranches_ecrivent_leurs_comptes_au_fil_du_passage(tarif, monkeypatch):
    monkeypatch.setattr(services, "TRANCHE", 2)
    abonnements = [abonne((date(2025, 1, 1), None)) for _ in range(5)]
    Echeance.objects.create(abonnement=abonnements[0], mois=MARS, montant=Decimal("1.10"))
    tranches = services._tranches(MARS)
    vus = []

    def lire_les_comptes(execute, sql, params, many, context):
        # Avant chaque tranche, les comptes que lit la page de suivi.
        if sql.lstrip().startswith(f'INSERT INTO "{Echeance._meta.db_table}"'):
            vus.append(Facturation.objects.values_list("attendues", "creees", "deja_la").get())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(lire_les_comptes):
        passage = facturer(MARS)
    assert len(vus) == len(tranches) >= 3
    assert vus[0] == (5, 0, 0)
    assert [c + d for _, c, d in vus] == sorted(c + d for _, c, d in vus)
    assert vus[-1][1] + vus[-1][2] < 5
    assert (passage.attendues, passage.creees, passage.deja_la) == (5, 4, 1)


def test_sans_tarif_en_vigueur_le_passage_echoue_en_le_disant(db):
    TarifFactory(debut=date(2026, 4, 1))
    abonne((date(2025, 1, 1), None))
    passage = facturer(MARS)
    assert passage.statut == Facturation.Statut.ECHOUEE
    assert "Aucun tarif n'est en vigueur le 1er mars 2026" in passage.erreur
    assert passage.fin is not None
    assert not Echeance.objects.exists()


def test_un_mois_a_venir_est_refuse(tarif):
    with pytest.raises(ValidationError, match="mois à venir"):
        facturer(date(2026, 4, 1))
    assert not Facturation.objects.exists()


def test_les_releves_regroupent_les_echeances_par_bailleur(tarif):
    premier = abonne((date(2025, 1, 1), None))
    voisin = abonne(
        (date(2025, 1, 1), None),
        logement__residence=premier.logement.residence,
    )
    autre = abonne((date(2025, 1, 1), None))
    facturer(MARS)
    releves = {r.bailleur_id: r for r in services.releves_avec_totaux().filter(mois=MARS)}
    assert len(releves) == 2
    du_premier = releves[premier.logement.bailleur_id]
    assert du_premier.nombre_lignes == 2
    assert du_premier.total == Decimal("2.20")
    assert set(du_premier.echeances.values_list("abonnement", flat=True)) == {
        premier.pk,
        voisin.pk,
    }
    assert releves[autre.logement.bailleur_id].total == Decimal("1.10")
    # Relancé, il ne refait ni relevé ni rattachement.
    assert len(services.releves_preparer(MARS)) == 2
    assert Releve.objects.count() == 2
