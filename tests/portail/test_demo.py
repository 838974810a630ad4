import io

import pytest
from django.core.management import call_command

from brest_numerique.comptes.models import User
from papi.models import Commune, Creneau, Lieu

pytestmark = pytest.mark.django_db


def test_la_demonstration_est_idempotente_et_etiquetee(settings):
    settings.DEMONSTRATION = True
    sortie = io.StringIO()
    call_command("demo", stdout=sortie)
    call_command("demo", stdout=io.StringIO())

    assert "mot de passe : demo-Brest-numerique" in sortie.getvalue()
    # Les comptes par rôle, six jurés de plus pour le jury d'exemple (projets/demo_jury.py)
    # et l'abonnée d'Internet pour tous (internet_pour_tous/demo.py).
    assert User.objects.filter(email__endswith="@exemple.fr").count() == 14
    assert Lieu.objects.filter(donnees_exemple=True).count() == 108
    assert (
        Lieu.objects.filter(donnees_exemple=False).get().nom
        == "PIMMS Quatre-Moulins (France Services)"
    )
    communes = set(Lieu.objects.values_list("code_insee", flat=True))
    assert communes == set(Commune.objects.values_list("code_insee", flat=True))
    assert Creneau.objects.exists(), "les créneaux servent au filtre « ouvert maintenant »"


def test_hors_du_mode_embarque_aucun_mot_de_passe_n_est_affiche(settings):
    settings.DEMONSTRATION = False
    sortie = io.StringIO()
    call_command("demo", stdout=sortie)

    assert "demo-Brest-numerique" not in sortie.getvalue()
    assert not User.objects.get(email="webmestre@exemple.fr").check_password("demo-Brest-numerique")
