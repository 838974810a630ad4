"""Notifications du banc : la boîte d'envoi dans tous ses statuts."""

import random
from datetime import timedelta

from django.utils import timezone

from bench.generateurs.comptes import _usagers
from bench.generateurs.outils import inserer_par_lots, instant_passe
from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.types import SORTES

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
