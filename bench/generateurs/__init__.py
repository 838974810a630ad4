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
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from bench.donnees_lieux import lignes_lieux
from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role
from brest_numerique.notifications.models import Notification
from brest_numerique.notifications.types import SORTES
from commentaires.models import Commentaire
from papi.models import Lieu
from papi.services import lieux_enregistrer
from papi.validation import valider_ligne

TAILLE_LOT = 2000
# Mot de passe commun à tous les usagers générés et au webmestre du banc.
MOT_DE_PASSE_USAGERS = "banc-d-essai-brest-numerique"
# Le compte avec lequel le banc mesure les pages réservées (file de modération).
EMAIL_WEBMESTRE = "webmestre-banc@exemple.fr"

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
    fixe: int = 0  # lignes créées en plus, quelle que soit l'échelle


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
    lieux_enregistrer(lieux=lieux)


# --- webmestre -------------------------------------------------------------


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


# --- commentaires ----------------------------------------------------------

COMMENTAIRES_FICHE = 500  # commentaires publiés de premier niveau sur la fiche commentée
REPONSES_FICHE = 100  # réponses publiées, sous un commentaire sur cinq

# fmt: off
PHRASES = [
    "Accueil très sympathique, la médiatrice a pris le temps de tout m'expliquer.",
    "J'ai pu faire ma déclaration de revenus en ligne avec de l'aide.",
    "Les horaires du samedi matin sont bien pratiques quand on travaille.",
    "Il manque une imprimante couleur, sinon rien à redire.",
    "Atelier smartphone au top, je sais enfin envoyer des photos à mes petits-enfants.",
    "Le Wi-Fi était coupé jeudi dernier, dommage.",
    "Merci pour l'aide sur le dossier CAF, démarche terminée en une heure.",
    "Accès en fauteuil possible par l'entrée de côté, mais la porte est lourde.",
    "Les ordinateurs sont un peu lents mais suffisent pour les démarches.",
    "On peut venir sans rendez-vous le mercredi après-midi.",
    "Très bonne initiative pour les personnes éloignées du numérique.",
    "Pensez à apporter vos identifiants France Connect.",
]
LIENS = ["https://www.service-public.fr/", "https://www.brest.fr/", "https://www.caf.fr/"]
# fmt: on

# Répartition des commentaires de la file : la plupart publiés, une file à traiter
# de quelques milliers, et tout ce que la modération laisse derrière elle.
STATUTS_COMMENTAIRES = [
    (Commentaire.Statut.PUBLIE, 0.55),
    (Commentaire.Statut.EN_ATTENTE, 0.15),
    (Commentaire.Statut.EN_ATTENTE_CONFIRMATION, 0.05),
    (Commentaire.Statut.REJETE, 0.10),
    (Commentaire.Statut.SPAM, 0.12),
    (Commentaire.Statut.MASQUE, 0.03),
]
DEJA_PUBLIES = {Commentaire.Statut.PUBLIE, Commentaire.Statut.MASQUE}


def _commentaires_fiche():
    return Commentaire.objects.filter(email__startswith="lecteur-", email__endswith="@exemple.fr")


def _commentaires():
    return Commentaire.objects.filter(
        email__startswith="commentateur-", email__endswith="@exemple.fr"
    )


def fiche_commentee() -> Lieu:
    """Le lieu publié qui porte les 500 commentaires publiés : le premier généré."""
    return _lieux().publies().order_by("pk").first()


def _texte(n: int, alea: random.Random) -> str:
    phrases = alea.sample(PHRASES, alea.randint(1, 4))
    if alea.random() < 0.15:
        phrases.append(f"Plus d'informations : {alea.choice(LIENS)}")
    # Le numéro rend chaque texte unique : deux textes identiques d'un même auteur
    # seraient refusés par le formulaire, le banc ne produit que des cas possibles.
    phrases.append(f"(avis n° {n})")
    if len(phrases) > 3 and alea.random() < 0.5:
        # Deux paragraphes : le rendu HTML a alors un peu plus à faire.
        return " ".join(phrases[:2]) + "\n\n" + " ".join(phrases[2:])
    return " ".join(phrases)


def _commentaire(
    n: int, alea: random.Random, *, type_id: int, objet_id: int, email: str, **champs
) -> Commentaire:
    texte = _texte(n, alea)
    return Commentaire(
        content_type_id=type_id,
        object_id=objet_id,
        nom=f"{alea.choice(PRENOMS)} {alea.choice(NOMS)[0]}.",
        email=email,
        texte=texte,
        empreinte_texte=Commentaire.empreinte(texte),
        ip_empreinte=f"{alea.getrandbits(256):064x}",
        **champs,
    )


def creer_commentaires_fiche(quantite: int, alea: random.Random) -> None:
    """500 commentaires publiés sur une même fiche, et des réponses publiées."""
    lieu = fiche_commentee()
    type_id = ContentType.objects.get_for_model(Lieu).pk
    debut = timezone.now() - timedelta(days=400)
    publies = []
    for n in range(1, COMMENTAIRES_FICHE + 1):
        cree = debut + timedelta(hours=18 * n + alea.randrange(12))
        publies.append(
            _commentaire(
                n,
                alea,
                type_id=type_id,
                objet_id=lieu.pk,
                email=f"lecteur-{alea.randint(1, 300)}@exemple.fr",
                statut=Commentaire.Statut.PUBLIE,
                cree_le=cree,
                publie_le=cree + timedelta(minutes=alea.randint(5, 600)),
            )
        )
    # PostgreSQL renvoie les clés insérées : les réponses peuvent pointer vers leurs parents.
    inserer_par_lots(Commentaire, publies)
    nombre_reponses = quantite - COMMENTAIRES_FICHE
    parents = publies[:: COMMENTAIRES_FICHE // nombre_reponses][:nombre_reponses]
    reponses = (
        _commentaire(
            COMMENTAIRES_FICHE + n,
            alea,
            type_id=type_id,
            objet_id=lieu.pk,
            email=f"lecteur-{alea.randint(1, 300)}@exemple.fr",
            parent_id=parent.pk,
            statut=Commentaire.Statut.PUBLIE,
            equipe=alea.random() < 0.3,
            cree_le=parent.publie_le + timedelta(hours=1),
            publie_le=parent.publie_le + timedelta(hours=2),
        )
        for n, parent in enumerate(parents, 1)
    )
    inserer_par_lots(Commentaire, reponses)


def creer_commentaires(quantite: int, alea: random.Random) -> None:
    """Des commentaires dans tous les statuts, répartis sur 2 000 lieux (la fiche
    commentée exceptée), par 3 000 auteurs : chacun a un historique dans la file."""
    type_id = ContentType.objects.get_for_model(Lieu).pk
    fiche = fiche_commentee()
    lieux = list(
        _lieux().publies().exclude(pk=fiche.pk).order_by("pk").values_list("pk", flat=True)[:2000]
    )
    statuts, poids = zip(*STATUTS_COMMENTAIRES, strict=True)

    def commentaires() -> Iterator[Commentaire]:
        for n in range(1, quantite + 1):
            statut = alea.choices(statuts, weights=poids)[0]
            # La file se remplit vite : ce qui attend date de moins d'un mois.
            a_traiter = statut in (
                Commentaire.Statut.EN_ATTENTE,
                Commentaire.Statut.EN_ATTENTE_CONFIRMATION,
            )
            cree = instant_passe(alea, jours=30 if a_traiter else 730)
            yield _commentaire(
                n,
                alea,
                type_id=type_id,
                objet_id=alea.choice(lieux),
                email=f"commentateur-{alea.randint(1, 3000)}@exemple.fr",
                statut=statut,
                probablement_indesirable=statut == Commentaire.Statut.SPAM and alea.random() < 0.5,
                cree_le=cree,
                publie_le=cree + timedelta(hours=alea.randint(1, 72))
                if statut in DEJA_PUBLIES
                else None,
            )

    inserer_par_lots(Commentaire, commentaires())


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
        application="comptes",
        libelle="webmestre",
        par_echelle=0,
        fixe=1,
        compter=lambda: _webmestres().count(),
        supprimer=lambda: _webmestres().delete(),
        creer=creer_webmestre,
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
    Generateur(
        application="commentaires",
        libelle="commentaires d'une fiche",
        par_echelle=0,
        fixe=COMMENTAIRES_FICHE + REPONSES_FICHE,
        compter=lambda: _commentaires_fiche().count(),
        supprimer=lambda: _commentaires_fiche().delete(),
        creer=creer_commentaires_fiche,
    ),
    Generateur(
        application="commentaires",
        libelle="commentaires",
        par_echelle=5000,  # 50 000 à l'échelle 10 : la file de modération de l'issue
        compter=lambda: _commentaires().count(),
        supprimer=lambda: _commentaires().delete(),
        creer=creer_commentaires,
    ),
]


def volumes() -> dict[str, int]:
    """Lignes générées présentes dans la base, par libellé (pour les rapports)."""
    return {g.libelle: g.compter() for g in GENERATEURS}


def cibles(echelle: int) -> dict[str, int]:
    return {g.libelle: g.par_echelle * echelle + g.fixe for g in GENERATEURS}
