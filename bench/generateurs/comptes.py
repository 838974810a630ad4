"""Comptes du banc : les usagers et le webmestre."""

import random
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.generateurs.outils import (
    EMAIL_WEBMESTRE,
    MOT_DE_PASSE_USAGERS,
    NOMS,
    PRENOMS,
    TAILLE_LOT,
    inserer_par_lots,
    instant_passe,
)
from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role


def _usagers():
    return User.objects.filter(email__startswith="usager-", email__endswith="@exemple.fr")


def creer_usagers(quantite: int, alea: random.Random) -> None:
    # Un seul hachage pour toutes les lignes : set_password coûte ~0,3 s par appel.
    empreinte = make_password(MOT_DE_PASSE_USAGERS)

    def usagers() -> Iterator[User]:
        for n in range(1, quantite + 1):
            inscrit = instant_passe(alea, jours=3 * 365)
            venu = alea.random() < 0.7
            yield User(
                email=f"usager-{n}@exemple.fr",
                password=empreinte,
                first_name=alea.choice(PRENOMS),
                last_name=alea.choice(NOMS),
                date_joined=inscrit,
                last_login=inscrit + (timezone.now() - inscrit) * alea.random() if venu else None,
                is_active=alea.random() < 0.97,
            )

    inserer_par_lots(User, usagers())
    # allauth refuse la connexion tant que l'adresse n'est pas vérifiée.
    adresses = (
        EmailAddress(user_id=pk, email=email, primary=True, verified=alea.random() < 0.9)
        for pk, email in _usagers().values_list("pk", "email").iterator(chunk_size=TAILLE_LOT)
    )
    inserer_par_lots(EmailAddress, adresses)


def _webmestres():
    return User.objects.filter(email=EMAIL_WEBMESTRE)


def webmestre() -> User:
    """Le webmestre du banc : rôle Webmestres, adresse vérifiée, mot de passe connu."""
    return _webmestres().get()


def creer_webmestre(quantite: int, alea: random.Random) -> None:
    compte = User.objects.create(
        email=EMAIL_WEBMESTRE,
        password=make_password(MOT_DE_PASSE_USAGERS),
        first_name="Morgane",
        last_name="Webmestre",
        # Comme les comptes à rôle de la démonstration : membre de l'équipe.
        is_staff=True,
    )
    # peut() exige une adresse vérifiée pour toute action de gestion.
    EmailAddress.objects.create(user=compte, email=compte.email, primary=True, verified=True)
    compte.groups.add(Group.objects.get(name=Role.WEBMESTRES))
