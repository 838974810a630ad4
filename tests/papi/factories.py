from datetime import date

import factory

from papi.models import Lieu
from papi.services import lieux_enregistrer


class LieuFactory(factory.django.DjangoModelFactory):
    """Un PAPI publié à Brest, écrit par le chemin de tous les lieux
    (papi.services.lieux_enregistrer) : il a d'emblée ses créneaux, son vecteur
    de recherche, et la version des caches change à la validation."""

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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Pas de save() : la fabrique écrit comme l'administration et les imports.
        lieu = model_class(*args, **kwargs)
        lieux_enregistrer(lieux=[lieu])
        return lieu
