"""Les générateurs de données du banc, un par application, dans l'ordre où ils
doivent tourner (un générateur peut s'appuyer sur les lignes des précédents).

Chaque ligne générée porte une marque (adresse `usager-N@exemple.fr`, clé
`banc-N`…) : c'est elle qui permet de les compter et de les effacer sans
toucher à des données saisies à la main dans la même base.
Ce module s'importe après django.setup() (voir bench/generer.py).
"""

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from bench.donnees_lieux import lignes_lieux
from brest_numerique.comptes.models import User
from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.types import SORTES
from papi.importation import lieux_inserer
from papi.models import Lieu
from papi.services import lieux_apres_enregistrement, slugs_attribuer
from papi.validation import valider_ligne

TAILLE_LOT = 2000
# Mot de passe commun à tous les usagers générés, pour de futurs scénarios connectés.
MOT_DE_PASSE_USAGERS = "banc-d-essai-brest-numerique"

# fmt: off
PRENOMS = [
    "Anne", "Yann", "Gwenaëlle", "Erwan", "Maëlle", "Loïc", "Nolwenn", "Ronan", "Sophie",
    "Mathieu", "Fatima", "Karim", "Léa", "Hugo", "Chloé", "Thomas", "Inès", "Louis",
]
NOMS = [
    "Le Gall", "Le Bras", "Kerbrat", "Morvan", "Le Roux", "Tanguy", "Guillou", "Quéré",
    "Martin", "Bernard", "Petit", "Diallo", "Nguyen", "Moreau", "Le Goff", "Jaouen",
]
# fmt: on


@dataclass(frozen=True)
class Generateur:
    """Ce qu'une application fournit au banc pour y verser ses données."""

    application: str
    libelle: str  # ce que l'on compte, au pluriel : « usagers »
    par_echelle: int  # lignes créées par unité d'échelle
    compter: Callable[[], int]
    supprimer: Callable[[], object]
    creer: Callable[[int, random.Random], None]


def inserer_par_lots(modele: type[models.Model], lignes: Iterable[models.Model]) -> int:
    """bulk_create par lots de TAILLE_LOT, sans jamais tenir toute la liste en mémoire."""
    total, lignes = 0, iter(lignes)
    while lot := list(islice(lignes, TAILLE_LOT)):
        modele.objects.bulk_create(lot, batch_size=TAILLE_LOT)
        total += len(lot)
    return total


def instant_passe(alea: random.Random, *, jours: int) -> datetime:
    return timezone.now() - timedelta(seconds=alea.randrange(jours * 86400))


# --- comptes ---------------------------------------------------------------


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


# --- notifications ---------------------------------------------------------

STATUTS = [
    (Notification.Statut.ENVOYEE, 0.93),
    (Notification.Statut.EN_ATTENTE, 0.04),
    (Notification.Statut.ECHEC, 0.03),
]
# Un échec définitif arrive après le premier envoi et ses 6 nouveaux essais.
TENTATIVES = {
    Notification.Statut.ENVOYEE: 1,
    Notification.Statut.EN_ATTENTE: 0,
    Notification.Statut.ECHEC: 7,
}
ERREURS = [
    "SMTPRecipientsRefused: {'x': (550, b'5.1.1 Mailbox does not exist')}",
    "SMTPDataError: (554, b'5.7.1 Message rejected as spam')",
    "TimeoutError: timed out",
]


def _notifications():
    return Notification.objects.filter(cle__startswith="banc-")


def _notification(n: int, usager: tuple | None, alea: random.Random) -> Notification:
    sorte = alea.choice(list(SORTES.values()))
    statut = alea.choices([s for s, _p in STATUTS], weights=[p for _s, p in STATUTS])[0]
    if usager:
        pk, email, prenom = usager
    else:
        pk, email, prenom = None, f"contact-{n}@exemple.fr", ""
    en_attente = statut == Notification.Statut.EN_ATTENTE
    cree = instant_passe(alea, jours=1 if en_attente else 730)
    # Une ligne en attente a été mise en file il y a moins de 5 min : au-delà, le
    # balayage périodique l'aurait remise en file (et aurait rafraîchi cette date).
    mise_en_file = timezone.now() - timedelta(seconds=alea.randrange(300)) if en_attente else cree
    salutation = f"Bonjour {prenom}," if prenom else "Bonjour,"
    texte = f"{salutation}\n\n" + f"{sorte.libelle}.\n" * alea.randint(3, 12)
    en_tetes = {}
    if not sorte.essentielle:
        lien = f"https://www.brest.fr/notifications/desabonnement/banc-{n}/"
        en_tetes = {"List-Unsubscribe": f"<{lien}>", "List-Unsubscribe-Post": "One-Click"}
    return Notification(
        sorte=sorte.code,
        destinataire=email,
        utilisateur_id=pk,
        sujet=f"[Brest numérique] {sorte.libelle}",
        corps_texte=texte,
        corps_html="".join(f"<p>{ligne}</p>" for ligne in texte.splitlines() if ligne),
        en_tetes=en_tetes,
        statut=statut,
        tentatives=TENTATIVES[statut],
        derniere_erreur=alea.choice(ERREURS) if statut == Notification.Statut.ECHEC else "",
        cle=f"banc-{n}",
        cree_le=cree,
        derniere_mise_en_file=mise_en_file,
        envoyee_le=cree + timedelta(seconds=alea.randint(1, 90))
        if statut == Notification.Statut.ENVOYEE
        else None,
    )


def creer_notifications(quantite: int, alea: random.Random) -> None:
    usagers = list(_usagers().values_list("pk", "email", "first_name"))
    lignes = (
        # Une sur dix part vers une simple adresse, sans compte (formulaire de contact…).
        _notification(n, alea.choice(usagers) if usagers and alea.random() < 0.9 else None, alea)
        for n in range(1, quantite + 1)
    )
    inserer_par_lots(Notification, lignes)


# --- papi ------------------------------------------------------------------


def _lieux():
    return Lieu.objects.filter(identifiant__startswith="banc-lieu-")


def creer_lieux(quantite: int, alea: random.Random) -> None:
    """Des lieux au standard (bench/donnees_lieux.py), validés comme à l'import,
    avec un équipement tiré au hasard ; insérés par COPY comme le fait
    importer_lieux, puis créneaux et index de recherche calculés."""
    lieux = []
    for ligne in lignes_lieux(quantite, alea, prefixe="banc-lieu"):
        valeurs, erreurs = valider_ligne(ligne)
        if erreurs:
            raise ValueError(f"{ligne['id']} : {erreurs}")
        impression = alea.random() < 0.6
        lieux.append(
            Lieu(
                **valeurs,
                nombre_ordinateurs=alea.randint(0, 12),
                wifi_gratuit=alea.random() < 0.7,
                impression=impression,
                prix_impression=Decimal(alea.choice(["0.10", "0.15", "0.20"]))
                if impression
                else None,
                scanner=alea.random() < 0.4,
                acces_fauteuil=alea.choices([True, False, None], weights=[60, 15, 25])[0],
                publie=alea.random() < 0.95,
            )
        )
    slugs_attribuer(lieux=lieux)
    lieux_inserer(lieux=lieux)
    lieux_apres_enregistrement(lieux=lieux)


# --- registre --------------------------------------------------------------

GENERATEURS: list[Generateur] = [
    Generateur(
        application="comptes",
        libelle="usagers",
        par_echelle=1000,
        compter=lambda: _usagers().count(),
        supprimer=lambda: _usagers().delete(),
        creer=creer_usagers,
    ),
    Generateur(
        application="notifications",
        libelle="notifications",
        par_echelle=5000,
        compter=lambda: _notifications().count(),
        supprimer=lambda: _notifications().delete(),
        creer=creer_notifications,
    ),
    Generateur(
        application="papi",
        libelle="lieux",
        par_echelle=2000,  # 20 000 à l'échelle 10 : la taille de la cartographie nationale
        compter=lambda: _lieux().count(),
        supprimer=lambda: _lieux().delete(),
        creer=creer_lieux,
    ),
]


def volumes() -> dict[str, int]:
    """Lignes générées présentes dans la base, par libellé (pour les rapports)."""
    return {g.libelle: g.compter() for g in GENERATEURS}


def cibles(echelle: int) -> dict[str, int]:
    return {g.libelle: g.par_echelle * echelle for g in GENERATEURS}
