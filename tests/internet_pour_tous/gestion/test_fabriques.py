import pytest

from internet_pour_tous.models import PeriodeActivite
from tests.internet_pour_tous.factories import AbonnementFactory, ConsultationFactory, TarifFactory

pytestmark = pytest.mark.django_db


def test_les_fabriques_donnent_un_abonnement_actif_et_sa_periode():
    abonnement = AbonnementFactory(actif=True)
    ConsultationFactory(secteur=abonnement.logement.residence.secteur)
    TarifFactory()

    assert abonnement.logement.bailleur == abonnement.logement.residence.secteur.bailleur
    assert "rue de l" in abonnement.logement.residence.adresse_recherche
    assert abonnement.logement.residence.adresse_recherche.endswith("elorn")
    periode = PeriodeActivite.objects.get(abonnement=abonnement)
    assert (periode.debut, periode.fin) == (abonnement.debut, None)
    assert AbonnementFactory().periodes.count() == 0
