"""Données d'exemple d'Internet pour tous (appelé par `manage.py demo`, idempotent) :
les secteurs déployés de 2009 à 2022 avec leur année (rapports publics sur le
dispositif), deux secteurs au vote prévu et un refusé, Brest métropole habitat et un
second bailleur d'exemple, environ 8 000 logements et 5 000 abonnements sur leur
cycle de vie, l'historique des tarifs, 24 mois d'échéances et de relevés (quelques
impayés) ; le compte bailleur@exemple.fr voit Brest métropole habitat et
abonnee@exemple.fr est titulaire d'un abonnement actif.

Tout ce qui n'est pas un fait public porte `donnees_exemple` et des noms en
« Exemple » (le territoire : internet_pour_tous/demo_territoire.py ; les abonnements
et la facturation : internet_pour_tous/demo_abonnements.py)."""

import random
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from brest_numerique.comptes.demo import MOT_DE_PASSE_DEMO
from brest_numerique.comptes.models import User
from internet_pour_tous import demo_abonnements, demo_territoire
from internet_pour_tous.models import Abonnement, Echeance, Logement, Tarif

# L'historique des prix par logement et par mois (dates de changement plausibles).
TARIFS = [
    (date(2009, 1, 1), Decimal("1.00")),
    (date(2013, 1, 1), Decimal("1.10")),
    (date(2017, 1, 1), Decimal("1.18")),
    (date(2020, 1, 1), Decimal("1.19")),
    (date(2023, 1, 1), Decimal("1.24")),
]
ABONNEE = "abonnee@exemple.fr"


@transaction.atomic
def creer_donnees_demo(sortie) -> None:
    aujourd_hui = timezone.localdate()
    hasard = random.Random(2009)  # mêmes données à chaque chargement
    for debut, montant in TARIFS:
        Tarif.objects.get_or_create(debut=debut, defaults={"montant": montant})
    bmh, second = demo_territoire.bailleurs()
    territoire = demo_territoire.secteurs(bmh, second, aujourd_hui, hasard)
    demo_territoire.residences_et_logements(territoire, hasard)
    gestionnaire = User.objects.filter(email="gestionnaire@exemple.fr").first()
    if Abonnement.objects.filter(donnees_exemple=True).exists():
        sortie.write("  Abonnements d'exemple déjà présents : rien d'ajouté.")
    else:
        crees = demo_abonnements.abonnements(aujourd_hui, hasard, gestionnaire)
        echeances = demo_abonnements.echeances(aujourd_hui, [bmh, second])
        sortie.write(
            f"  {len(territoire)} secteurs, {Logement.objects.count()} logements, "
            f"{crees} abonnements d'exemple, {echeances} échéances sur "
            f"{demo_abonnements.MOIS_FACTURES} mois"
        )
    bailleur = User.objects.filter(email="bailleur@exemple.fr").first()
    if bailleur:
        bmh.comptes.add(bailleur)
    _abonnee(sortie)


def _abonnee(sortie) -> None:
    """Le compte vérifié d'une abonnée, titulaire d'un abonnement actif facturé."""
    user, cree = User.objects.get_or_create(
        email=ABONNEE, defaults={"first_name": "Abonnée", "last_name": "(compte d'exemple)"}
    )
    if cree:
        user.set_password(MOT_DE_PASSE_DEMO if settings.DEMONSTRATION else get_random_string(32))
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=ABONNEE, defaults={"verified": True, "primary": True}
    )
    if Abonnement.objects.filter(compte=user).exists():
        return
    abonnement = (
        Abonnement.objects.filter(
            donnees_exemple=True,
            statut="actif",
            logement__bailleur__slug=demo_territoire.BMH[1],
            pk__in=Echeance.objects.values("abonnement"),
        )
        .order_by("pk")
        .first()
    )
    if abonnement:
        Abonnement.objects.filter(pk=abonnement.pk).update(
            compte=user, email=ABONNEE, titulaire="Abonnée Exemple"
        )
        if settings.DEMONSTRATION:
            sortie.write(f"  {ABONNEE} : titulaire d'un abonnement actif (mot de passe de démo)")
