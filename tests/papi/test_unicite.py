"""L'identifiant et le slug d'un lieu restent uniques (contraintes de Lieu.Meta,
sans index de préfixe) : un doublon reçoit l'erreur de Django, sur son champ,
et la base le refuse quoi qu'il arrive."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from papi.models import Lieu
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("champ", ["identifiant", "slug"])
def test_un_doublon_recoit_l_erreur_sur_son_champ(champ):
    existant = LieuFactory()
    doublon = LieuFactory.build(**{champ: getattr(existant, champ)})

    with pytest.raises(ValidationError) as erreur:
        doublon.validate_constraints()

    assert set(erreur.value.message_dict) == {champ}
    assert "existe déjà" in erreur.value.message_dict[champ][0]


@pytest.mark.parametrize("champ", ["identifiant", "slug"])
def test_la_base_refuse_un_doublon(champ):
    existant = LieuFactory()
    autre = LieuFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Lieu.objects.filter(pk=autre.pk).update(**{champ: getattr(existant, champ)})


def test_aucun_index_de_prefixe_sur_les_lieux():
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'papi_lieu' "
            "AND indexdef LIKE '%%pattern_ops%%'"
        )
        assert curseur.fetchall() == []
