"""Les clés étrangères vérifiées d'un bloc (brest_numerique/copie.py) : retirées le
temps de l'écriture, remises à l'identique, et toujours vérifiées."""

import pytest
from django.db import IntegrityError, connection, transaction

from brest_numerique.copie import cles_etrangeres_verifiees_d_un_bloc, lignes_copier
from papi import services
from papi.models import Creneau
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

CHAMPS = ["lieu_id", "jour", "debut", "fin"]


def _cles_etrangeres() -> list[tuple[str, str]]:
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'papi_creneau'::regclass AND contype = 'f' ORDER BY conname"
        )
        return curseur.fetchall()


def test_la_cle_etrangere_retiree_le_temps_du_bloc_revient_a_l_identique():
    lieu = LieuFactory(horaires="")
    avant = _cles_etrangeres()

    with cles_etrangeres_verifiees_d_un_bloc(Creneau, si=True):
        assert _cles_etrangeres() == []
        lignes_copier(modele=Creneau, champs=CHAMPS, lignes=[(lieu.pk, 0, 540, 720)])

    assert avant and _cles_etrangeres() == avant
    assert list(lieu.creneaux.values_list("jour", "debut", "fin")) == [(0, 540, 720)]


def test_un_creneau_orphelin_fait_echouer_le_bloc_et_rien_ne_reste():
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        cles_etrangeres_verifiees_d_un_bloc(Creneau, si=True),
    ):
        lignes_copier(modele=Creneau, champs=CHAMPS, lignes=[(987654321, 0, 540, 720)])

    assert not Creneau.objects.exists()
    assert _cles_etrangeres()


def test_sans_la_condition_la_contrainte_reste_en_place_pendant_le_bloc():
    avant = _cles_etrangeres()

    with cles_etrangeres_verifiees_d_un_bloc(Creneau, si=False):
        assert _cles_etrangeres() == avant


def test_une_ecriture_en_masse_de_lieux_passe_par_le_bloc(monkeypatch):
    monkeypatch.setattr(services, "CRENEAUX_VERIFIES_D_UN_BLOC_DES", 2)
    avant = _cles_etrangeres()
    lieux = LieuFactory.build_batch(3, horaires="Sa 10:00-12:00")

    services.lieux_enregistrer(lieux=lieux)

    assert _cles_etrangeres() == avant
    assert sorted(Creneau.objects.values_list("lieu_id", "jour", "debut", "fin")) == sorted(
        (lieu.pk, 5, 600, 720) for lieu in lieux
    )
