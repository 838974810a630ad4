"""Les abonnements d'exemple sur leur cycle de vie (demandés, actifs, suspendus,
résiliés, refusés) avec leurs périodes d'activité et leur historique, puis 24 mois
d'échéances et de relevés. Appelé par internet_pour_tous/demo.py.

Tout s'écrit en masse, sans passer par les transitions (elles enverraient des
courriels aux adresses d'exemple) ; les échéances suivent la règle de facturation
(models/facturation.py) par une seule requête INSERT … SELECT, sur SQLite comme sur
PostgreSQL."""

import json
import random
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from brest_numerique.copie import lignes_copier
from internet_pour_tous.facturation.services import facturer
from internet_pour_tous.models import (
    Abonnement,
    Accompagnement,
    Echeance,
    Facturation,
    HistoriqueAbonnement,
    Logement,
    PeriodeActivite,
    Releve,
    Tarif,
)

MOIS_FACTURES = 24
PRENOMS = [
    "Camille",
    "Yann",
    "Maëlle",
    "Erwan",
    "Nolwenn",
    "Karim",
    "Awa",
    "Gwenaël",
    "Soizic",
    "Mathis",
    "Inès",
    "Loïc",
    "Rozenn",
    "Samir",
    "Léa",
    "Tugdual",
]
MOTIFS_SUSPENSION = ["Impayés de charges signalés par le bailleur", "Demande du foyer (absence)"]
MOTIFS_RESILIATION = ["Départ du logement", "Demande du foyer"]
MOTIFS_REFUS = ["Le foyer n'habite pas le logement indiqué", "Demande en double"]


def _moment(jour: date, heure: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(heure, 0)))


def _horodatage(jour: date, heure: int):
    """Un instant prêt pour la base : aware pour COPY, texte UTC pour SQLite."""
    moment = _moment(jour, heure)
    if connection.vendor == "postgresql":
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def inserer(modele, champs: list[str], lignes) -> None:
    """COPY sur PostgreSQL (brest_numerique/copie.py) ; sur SQLite, un executemany
    brut : bulk_create y passait 8 s à fabriquer et préparer 17 000 objets."""
    if connection.vendor == "postgresql":
        lignes_copier(modele=modele, champs=champs, lignes=lignes)
        return
    colonnes = ", ".join(modele._meta.get_field(c).column for c in champs)
    marques = ", ".join(["%s"] * len(champs))
    with connection.cursor() as curseur:
        curseur.executemany(
            # Noms de table et de colonnes lus dans _meta, valeurs en paramètres.
            f"INSERT INTO {modele._meta.db_table} ({colonnes}) VALUES ({marques})",  # noqa: S608
            list(lignes),
        )


def _entre(hasard: random.Random, debut: date, fin: date) -> date:
    return debut + timedelta(days=hasard.randint(0, max(0, (fin - debut).days)))


def mois_factures(aujourd_hui: date) -> list[date]:
    courant = aujourd_hui.replace(day=1)
    return [courant - relativedelta(months=k) for k in range(MOIS_FACTURES - 1, -1, -1)]


def _vie_d_un_logement(hasard, deploye_le: date, aujourd_hui: date):
    """Les abonnements successifs d'un logement : [(statut, cree, [périodes], étapes)],
    une étape étant (de, vers, jour, motif)."""
    vies = []
    limite = aujourd_hui - timedelta(days=3)
    libre_des = deploye_le
    if hasard.random() < 0.12 and (aujourd_hui - deploye_le).days > 400:
        # L'abonnement d'un ancien locataire, résilié à son départ.
        debut = _entre(hasard, deploye_le, aujourd_hui - timedelta(days=300))
        fin = _entre(hasard, debut + timedelta(days=90), aujourd_hui - timedelta(days=60))
        cree = debut - timedelta(days=hasard.randint(5, 20))
        vies.append(
            (
                "resilie",
                cree,
                [(debut, fin)],
                [
                    ("demande", "actif", debut, ""),
                    ("actif", "resilie", fin, hasard.choice(MOTIFS_RESILIATION)),
                ],
            )
        )
        libre_des = fin + timedelta(days=hasard.randint(15, 45))
    if libre_des >= limite:
        return vies
    tirage = hasard.random()
    if tirage < 0.55:  # actif, parfois après une suspension
        debut = _entre(hasard, libre_des, limite - timedelta(days=10))
        cree = debut - timedelta(days=hasard.randint(5, 20))
        etapes = [("demande", "actif", debut, "")]
        periodes = [(debut, None)]
        if hasard.random() < 0.08 and (limite - debut).days > 120:
            suspendu = _entre(hasard, debut + timedelta(days=30), limite - timedelta(days=80))
            reprise = suspendu + timedelta(days=hasard.randint(20, 70))
            periodes = [(debut, suspendu), (reprise, None)]
            etapes += [
                ("actif", "suspendu", suspendu, hasard.choice(MOTIFS_SUSPENSION)),
                ("suspendu", "actif", reprise, ""),
            ]
        vies.append(("actif", cree, periodes, etapes))
    elif tirage < 0.58:  # suspendu aujourd'hui
        debut = _entre(hasard, libre_des, limite - timedelta(days=60))
        suspendu = _entre(hasard, debut + timedelta(days=30), limite)
        cree = debut - timedelta(days=hasard.randint(5, 20))
        vies.append(
            (
                "suspendu",
                cree,
                [(debut, suspendu)],
                [
                    ("demande", "actif", debut, ""),
                    ("actif", "suspendu", suspendu, hasard.choice(MOTIFS_SUSPENSION)),
                ],
            )
        )
    elif tirage < 0.605:  # une demande à traiter
        cree = aujourd_hui - timedelta(days=hasard.randint(1, 40))
        vies.append(("demande", max(cree, libre_des), [], []))
    elif tirage < 0.625:  # une demande refusée
        cree = _entre(hasard, libre_des, limite - timedelta(days=10))
        vies.append(
            (
                "refuse",
                cree,
                [],
                [("demande", "refuse", cree + timedelta(days=7), hasard.choice(MOTIFS_REFUS))],
            )
        )
    return vies


def abonnements(aujourd_hui: date, hasard: random.Random, gestionnaire) -> int:
    """Écrit les abonnements, périodes et historiques ; rend le nombre d'abonnements."""
    logements = (
        Logement.objects.filter(
            residence__donnees_exemple=True, residence__secteur__statut="deploye"
        )
        .order_by("pk")
        .values_list("pk", "residence__secteur__deploye_le")
    )
    lignes, suites = [], []
    n = 0
    for logement, deploye_le in logements:
        for statut, cree, periodes, etapes in _vie_d_un_logement(hasard, deploye_le, aujourd_hui):
            n += 1
            prenom = PRENOMS[n % len(PRENOMS)]
            aide = hasard.sample([a.value for a in Accompagnement], hasard.randint(0, 2))
            debut = periodes[0][0] if periodes else None
            fin = periodes[-1][1] if statut == "resilie" else None
            email = f"foyer.{n:05d}@exemple.fr"
            lignes.append(
                (
                    logement,
                    f"{prenom} Exemple {n}",
                    email,
                    f"02 98 00 {n // 100 % 100:02d} {n % 100:02d}",
                    json.dumps(aide),
                    _horodatage(cree, 9),
                    statut,
                    debut,
                    fin,
                    _horodatage(cree, 9),
                    True,
                )
            )
            suites.append((email, periodes, etapes))
    inserer(
        Abonnement,
        [
            "logement_id",
            "titulaire",
            "email",
            "telephone",
            "accompagnement",
            "consentement_le",
            "statut",
            "debut",
            "fin",
            "cree_le",
            "donnees_exemple",
        ],
        lignes,
    )
    cles = dict(Abonnement.objects.filter(donnees_exemple=True).values_list("email", "pk"))
    par = gestionnaire.pk if gestionnaire else None
    inserer(
        PeriodeActivite,
        ["abonnement_id", "debut", "fin"],
        ((cles[email], debut, fin) for email, periodes, _e in suites for debut, fin in periodes),
    )
    inserer(
        HistoriqueAbonnement,
        ["abonnement_id", "de", "vers", "par_id", "motif", "quand"],
        (
            (cles[email], de, vers, par, motif, _horodatage(jour, 11))
            for email, _p, etapes in suites
            for de, vers, jour, motif in etapes
        ),
    )
    return len(lignes)


def echeances(aujourd_hui: date, bailleurs) -> int:
    """Les 23 mois clos en une requête INSERT … SELECT, avec leurs relevés et leur
    suite (anciens relevés payés, quelques impayés dont des abonnements à trois mois
    et plus, le dernier mois clos envoyé), puis le mois en cours par le vrai passage
    (facturation/services.py), qui prépare ses relevés. Même règle des deux côtés :
    le mois dû au tarif de son premier jour par les abonnements actifs ce jour-là.

    Passer `facturer` sur les 24 mois prenait 14 s sur PostgreSQL et 4 s sur SQLite
    (une mise à jour corrélée des relevés par mois, puis les états à réécrire)."""
    mois = mois_factures(aujourd_hui)
    clos, dernier = mois[:-1], len(mois) - 2  # rang du dernier mois clos
    tarifs = list(Tarif.objects.order_by("debut").values_list("debut", "montant"))
    prix = [next(m for d, m in reversed(tarifs) if d <= premier) for premier in clos]
    releves = []
    for bailleur in bailleurs:
        for rang, premier in enumerate(clos):
            envoi = _moment(premier + timedelta(days=4))
            releves.append(
                Releve(
                    bailleur=bailleur,
                    mois=premier,
                    statut="envoye" if rang == dernier else "paye",
                    envoye_le=envoi,
                    paye_le=None if rang == dernier else envoi + timedelta(days=35),
                )
            )
    Releve.objects.bulk_create(releves)
    sqlite = connection.vendor != "postgresql"
    valeurs = ", ".join(["(%s, %s, %s)"] * len(clos))
    parametres = [
        v
        for rang, premier in enumerate(clos)
        for v in (premier, rang, str(prix[rang]) if sqlite else prix[rang])
    ]
    t = {m: m._meta.db_table for m in (Echeance, PeriodeActivite, Abonnement, Logement, Releve)}
    requete = f"""
        WITH m(mois, rang, montant) AS (VALUES {valeurs})
        INSERT INTO {t[Echeance]} (abonnement_id, mois, montant, statut, releve_id)
        SELECT p.abonnement_id, m.mois, m.montant,
               CASE WHEN m.rang = {dernier} THEN 'due'
                    WHEN (a.id %% 89 = 0 AND m.rang >= {dernier - 6})
                         OR (a.id * 31 + m.rang) %% 61 = 0 THEN 'impayee'
                    ELSE 'payee' END,
               r.id
        FROM {t[PeriodeActivite]} p
        JOIN m ON p.debut <= m.mois AND (p.fin IS NULL OR p.fin > m.mois)
        JOIN {t[Abonnement]} a ON a.id = p.abonnement_id
        JOIN {t[Logement]} l ON l.id = a.logement_id
        JOIN {t[Releve]} r ON r.bailleur_id = l.bailleur_id AND r.mois = m.mois
        WHERE a.donnees_exemple
    """  # noqa: S608 — tables lues dans _meta, entiers calculés ici, valeurs en paramètres
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
    Releve.objects.filter(
        Exists(Echeance.objects.filter(releve=OuterRef("pk"), statut="impayee")), statut="paye"
    ).update(statut="paye_en_partie")
    par_mois = dict(
        Echeance.objects.filter(mois__in=clos).values_list("mois").annotate(n=Count("pk"))
    )
    Facturation.objects.bulk_create(
        Facturation(
            mois=premier,
            statut="terminee",
            attendues=par_mois.get(premier, 0),
            creees=par_mois.get(premier, 0),
            debut=_moment(premier, 6),
            fin=_moment(premier, 6) + timedelta(seconds=40),
        )
        for premier in clos
    )
    facturer(mois[-1])
    return Echeance.objects.filter(abonnement__donnees_exemple=True).count()
