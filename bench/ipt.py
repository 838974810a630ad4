"""Banc des pages de gestion d'Internet pour tous, dans le processus, sur PostgreSQL :
100 000 abonnements (110 000 logements, 3 bailleurs, 40 secteurs, 1 000 résidences)
et 2,4 millions d'échéances sur 24 mois, écrits par COPY (brest_numerique/copie.py).

    .venv/bin/python bench/ipt.py
    .venv/bin/python bench/ipt.py --repetitions 20 --forcer

Compte les requêtes SQL (CaptureQueriesContext) et chronomètre, par le client de
test connecté en gestionnaire, le tableau de bord (`gestion_ipt:tableau`) et la
liste des abonnements (`gestion_ipt:abonnements`) sans filtre, puis filtrée par
état, secteur, bailleur et état, résidence, recherche, et à une page lointaine.
Objectif : au plus 10 requêtes par page. Médiane et maximum sur --repetitions
passages, après un passage d'échauffement ; rien n'échoue, on lit les chiffres.
La facturation a son propre banc (bench/facturation.py).

Il lit BENCH_DATABASE_URL et BENCH_REDIS_URL (jamais DATABASE_URL) ; par défaut sa
propre base, bn_banc_ipt. Les données sont gardées pour les lancements suivants.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_banc_ipt")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")

from bench import environnement  # noqa: E402

ABONNEMENTS = 100_000
LOGEMENTS = 110_000
BAILLEURS = 3
SECTEURS = 40
RESIDENCES = 1_000
MOIS = 24
MARQUE = "banc-ipt"
EMAIL_GESTIONNAIRE = "gestionnaire-banc-ipt@exemple.fr"


def lire_arguments(argv=None) -> argparse.Namespace:
    return environnement.arguments_des_mesures(
        "Banc des pages de gestion Internet pour tous.", repetitions=10, graine=2009, argv=argv
    )


def mois_du_banc() -> list[date]:
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    courant = timezone.localdate().replace(day=1)
    return [courant - relativedelta(months=k) for k in range(MOIS - 1, -1, -1)]


def supprimer() -> None:
    """Vide les tables d'Internet pour tous : la base du banc n'a rien d'autre."""
    from django.db import connection

    from internet_pour_tous import models as m

    tables = [
        modele._meta.db_table
        for modele in (
            m.Echeance,
            m.Releve,
            m.Facturation,
            m.HistoriqueAbonnement,
            m.PeriodeActivite,
            m.Abonnement,
            m.Logement,
            m.Residence,
            m.Consultation,
            m.HistoriqueSecteur,
            m.Secteur,
            m.Tarif,
        )
    ] + [m.Bailleur.comptes.through._meta.db_table, m.Bailleur._meta.db_table]
    with connection.cursor() as curseur:
        curseur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # noqa: S608


def creer(alea: random.Random) -> dict[str, int]:
    from decimal import Decimal

    from django.utils import timezone

    from brest_numerique.copie import lignes_copier
    from internet_pour_tous import models as m
    from papi.models import Commune

    aujourd_hui = timezone.localdate()
    mois = mois_du_banc()
    communes = list(Commune.objects.order_by("code_insee"))
    m.Tarif.objects.bulk_create(
        [
            m.Tarif(debut=date(2009, 1, 1), montant=Decimal("1.00")),
            m.Tarif(debut=date(2023, 1, 1), montant=Decimal("1.24")),
        ]
    )
    bailleurs = m.Bailleur.objects.bulk_create(
        m.Bailleur(nom=f"Bailleur du banc {n + 1}", slug=f"{MARQUE}-{n + 1}", donnees_exemple=True)
        for n in range(BAILLEURS)
    )
    secteurs = m.Secteur.objects.bulk_create(
        m.Secteur(
            bailleur=bailleurs[n % BAILLEURS],
            nom=f"Secteur du banc {n + 1:02d}",
            slug=f"{MARQUE}-{n + 1}",
            commune=communes[n % len(communes)],
            statut="deploye",
            deploye_le=date(2012 + n % 10, 1 + n % 12, 1),
            latitude=48.39 + n / 1000,
            longitude=-4.49 - n / 1000,
            donnees_exemple=True,
        )
        for n in range(SECTEURS)
    )
    par_residence = LOGEMENTS // RESIDENCES
    residences = m.Residence.objects.bulk_create(
        m.Residence(
            secteur=(secteur := secteurs[n % SECTEURS]),
            nom=f"Résidence du banc {n + 1}",
            adresse=f"{n % 90 + 1} rue du Banc {n // 90 + 1}",
            code_postal=secteur.commune.code_postal,
            commune=secteur.commune,
            latitude=secteur.latitude,
            longitude=secteur.longitude,
            nb_logements=par_residence,
            adresse_recherche=f"residence du banc {n + 1} {n % 90 + 1} rue du banc {n // 90 + 1}",
            donnees_exemple=True,
        )
        for n in range(RESIDENCES)
    )
    lignes_copier(
        modele=m.Logement,
        champs=["residence_id", "reference", "bailleur_id", "escalier", "etage", "porte"],
        lignes=(
            (r.pk, f"B{r.pk:04d}-{i:03d}", r.secteur.bailleur_id, "A", str(i // 10), str(i % 10))
            for r in residences
            for i in range(par_residence)
        ),
    )
    logements = list(m.Logement.objects.order_by("pk").values_list("pk", flat=True))
    alea.shuffle(logements)
    # 92 % actifs, 3 % suspendus, 2 % demandés, 2 % résiliés, 1 % refusés.
    etats = alea.choices(
        ["actif", "suspendu", "demande", "resilie", "refuse"],
        weights=[92, 3, 2, 2, 1],
        k=ABONNEMENTS,
    )
    debut_commun = mois[0] - timedelta(days=40)
    maintenant = datetime.now(UTC)
    abonnements = []
    for n, (logement, statut) in enumerate(zip(logements, etats, strict=False)):
        debut = None if statut in ("demande", "refuse") else debut_commun - timedelta(days=n % 900)
        fin = aujourd_hui - timedelta(days=20 + n % 200) if statut == "resilie" else None
        abonnements.append(
            (
                logement,
                f"Foyer Exemple {n}",
                f"foyer{n}@banc-ipt.exemple.fr",
                "",
                json.dumps(["ateliers"] if n % 3 else []),
                maintenant,
                statut,
                debut,
                fin,
                maintenant - timedelta(days=n % 1000),
                True,
            )
        )
    lignes_copier(
        modele=m.Abonnement,
        champs=[
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
        lignes=abonnements,
    )
    ids = dict(m.Abonnement.objects.values_list("email", "pk"))
    periodes, historique = [], []
    for _l, _t, email, _tel, _a, _c, statut, debut, fin, _cree, _e in abonnements:
        pk = ids[email]
        if statut == "suspendu":
            fin = aujourd_hui - timedelta(days=10)
        if debut is not None:
            periodes.append((pk, debut, fin))
            historique.append((pk, "demande", "actif", "", maintenant))
        if statut in ("suspendu", "resilie", "refuse"):
            historique.append(
                (pk, "actif" if statut != "refuse" else "demande", statut, "", maintenant)
            )
    lignes_copier(
        modele=m.PeriodeActivite, champs=["abonnement_id", "debut", "fin"], lignes=periodes
    )
    lignes_copier(
        modele=m.HistoriqueAbonnement,
        champs=["abonnement_id", "de", "vers", "motif", "quand"],
        lignes=historique,
    )
    m.Releve.objects.bulk_create(
        m.Releve(bailleur=b, mois=premier, statut="paye") for b in bailleurs for premier in mois
    )
    releves = {(r.bailleur_id, r.mois): r.pk for r in m.Releve.objects.all()}
    bailleur_de = dict(m.Logement.objects.values_list("pk", "bailleur_id"))
    montant = Decimal("1.24")

    def echeances():
        for pk, debut, fin in periodes:
            abonnement = abonnements_par_pk[pk]
            for premier in mois:
                if debut <= premier and (fin is None or fin > premier):
                    statut = "impayee" if (pk + premier.month) % 47 == 0 else "payee"
                    yield (
                        pk,
                        premier,
                        montant,
                        statut,
                        releves[(bailleur_de[abonnement], premier)],
                    )

    abonnements_par_pk = {ids[a[2]]: a[0] for a in abonnements}
    lignes_copier(
        modele=m.Echeance,
        champs=["abonnement_id", "mois", "montant", "statut", "releve_id"],
        lignes=echeances(),
    )
    return {
        "logements": len(logements),
        "abonnements": len(abonnements),
        "périodes": len(periodes),
        "échéances": m.Echeance.objects.count(),
    }


def preparer(forcer: bool, graine: int) -> None:
    from django.db import connection

    from internet_pour_tous.models import Abonnement, Echeance

    if not forcer and Abonnement.objects.count() == ABONNEMENTS and Echeance.objects.exists():
        return
    debut = time.perf_counter()
    supprimer()
    volumes = creer(random.Random(graine))
    print(
        f"Données créées en {time.perf_counter() - debut:.1f} s : "
        + ", ".join(f"{nombre} {sorte}" for sorte, nombre in volumes.items())
    )
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")


def gestionnaire():
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from brest_numerique.comptes.models import User
    from brest_numerique.comptes.roles import Role

    user, _ = User.objects.get_or_create(
        email=EMAIL_GESTIONNAIRE, defaults={"first_name": "Gestionnaire", "last_name": "Banc"}
    )
    user.groups.add(Group.objects.get(name=Role.GESTIONNAIRES_IPT))
    EmailAddress.objects.get_or_create(
        user=user, email=EMAIL_GESTIONNAIRE, defaults={"primary": True, "verified": True}
    )
    return user


def chronometrer(client, adresse: str, repetitions: int) -> tuple[list[float], int, int]:
    """Durées (ms), requêtes SQL du dernier passage, taille de la réponse."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durees, requetes, taille = [], 0, 0
    for passage in range(repetitions + 1):  # le premier passage chauffe les caches
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            reponse = client.get(adresse)
            taille = len(reponse.content)
            duree = (time.perf_counter() - debut) * 1000
        assert reponse.status_code == 200, (adresse, reponse.status_code)
        if passage:
            durees.append(duree)
        requetes = len(capture)
    return durees, requetes, taille


def main(argv=None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from internet_pour_tous.models import Residence, Secteur

    call_command("migrate", interactive=False, verbosity=0)
    preparer(args.forcer, args.graine)
    client = Client()
    client.force_login(gestionnaire())
    secteur = Secteur.objects.order_by("pk").first()
    residence = Residence.objects.order_by("pk").first()
    liste = reverse("gestion_ipt:abonnements")
    pages = [
        ("tableau de bord", reverse("gestion_ipt:tableau")),
        ("abonnements", liste),
        ("… état actif", f"{liste}?statut=actif"),
        ("… secteur", f"{liste}?secteur={secteur.pk}"),
        ("… bailleur + suspendus", f"{liste}?bailleur={secteur.bailleur_id}&statut=suspendu"),
        ("… résidence", f"{liste}?residence={residence.pk}"),
        ("… recherche « Foyer Exemple 4242 »", f"{liste}?q=Foyer+Exemple+4242"),
        ("… page 200", f"{liste}?page=200"),
    ]
    print(f"{ABONNEMENTS} abonnements, {MOIS} mois d'échéances ; {args.repetitions} passages")
    print(f"{'page':<36} {'SQL':>4} {'médiane (ms)':>13} {'max (ms)':>9} {'Ko':>6}")
    for libelle, adresse in pages:
        durees, requetes, taille = chronometrer(client, adresse, args.repetitions)
        print(
            f"{libelle:<36} {requetes:>4} {statistics.median(durees):>13.1f} "
            f"{max(durees):>9.1f} {taille / 1024:>6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
