from datetime import date

import factory

from papi.models import Lieu
from papi.services import lieux_apres_enregistrement


class LieuFactory(factory.django.DjangoModelFactory):
    """Un PAPI publié à Brest. Après création, appelez `preparer(lieux)` pour
    calculer créneaux et index de recherche, comme le font l'import et l'admin."""

    class Meta:
        model = Lieu

    identifiant = factory.Sequence(lambda n: f"lieu-test-{n}")
    pivot = "21290019500019"
    nom = factory.Sequence(lambda n: f"Espace numérique {n}")
    slug = factory.Sequence(lambda n: f"espace-numerique-{n}")
    commune = "Brest"
    code_postal = "29200"
    code_insee = "29019"
    adresse = factory.Sequence(lambda n: f"{n} rue de Siam")
    latitude = 48.39
    longitude = -4.49
    horaires = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"
    date_maj = date(2026, 10, 1)
    services = factory.LazyFunction(lambda: ["Accès internet et matériel informatique"])
    frais_a_charge = factory.LazyFunction(lambda: ["Gratuit"])
    source = "tests"


def preparer(*lieux: Lieu) -> None:
    lieux_apres_enregistrement(lieux=lieux)
