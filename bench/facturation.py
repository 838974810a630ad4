"""Banc de la facturation Internet pour tous, dans le processus, sur PostgreSQL :
100 000 abonnements actifs (un bailleur, 200 résidences, 100 000 logements).

    .venv/bin/python bench/facturation.py
    .venv/bin/python bench/facturation.py --repetitions 9 --abonnements 200000 --forcer

Mesure `facturer(mois)` (internet_pour_tous/facturation/services.py : échéances du
mois par tranches INSERT … SELECT … ON CONFLICT DO NOTHING, puis relevés des
bailleurs) sur un mois vidé avant chaque passage : médiane et maximum sur
--repetitions passages, après un passage d'échauffement. Puis un second passage sur
le mois déjà facturé (tout « déjà là »), et deux passages lancés en même temps dans
deux fils (deux connexions) : échéances en double (attendu : 0) et comptes de chacun.
Ce n'est pas un test : rien n'échoue, on lit les chiffres.

Comme le reste du banc, il lit BENCH_DATABASE_URL et BENCH_REDIS_URL (jamais
DATABASE_URL) ; par défaut sa propre base, bn_banc_facturation. Les données sont
écrites en masse (COPY, brest_numerique/copie.py) au premier lancement et gardées
pour les suivants.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bn_banc_facturation"
)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")

from bench import environnement  # noqa: E402

MARQUE = "banc-facturation"
RESIDENCES = 200


def lire_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Banc de la facturation Internet pour tous.")
    parser.add_argument("--repetitions", type=int, default=5, help="passages mesurés (5)")
    parser.add_argument(
        "--abonnements", type=int, default=100_000, help="abonnements actifs (100 000)"
    )
    parser.add_argument("--forcer", action="store_true", help="régénérer les données")
    args = parser.parse_args(argv)
    if args.repetitions < 1 or args.abonnements < 1:
        parser.error("--repetitions et --abonnements valent au moins 1")
    return args


def supprimer() -> None:
    from internet_pour_tous.models import (
        Abonnement,
        Bailleur,
        Echeance,
        Facturation,
        Logement,
        PeriodeActivite,
        Releve,
        Residence,
        Secteur,
    )

    bailleurs = Bailleur.objects.filter(slug=MARQUE)
    Echeance.objects.filter(abonnement__logement__bailleur__in=bailleurs).delete()
    Releve.objects.filter(bailleur__in=bailleurs).delete()
    PeriodeActivite.objects.filter(abonnement__logement__bailleur__in=bailleurs).delete()
    Abonnement.objects.filter(logement__bailleur__in=bailleurs).delete()
    Logement.objects.filter(bailleur__in=bailleurs).delete()
    Residence.objects.filter(secteur__bailleur__in=bailleurs).delete()
    Secteur.objects.filter(bailleur__in=bailleurs).delete()
    bailleurs.delete()
    Facturation.objects.all().delete()


def creer(nombre: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from brest_numerique.copie import lignes_copier
    from internet_pour_tous.models import (
        Abonnement,
        Bailleur,
        Logement,
        PeriodeActivite,
        Residence,
        Secteur,
        Tarif,
    )
    from papi.models import Commune

    maintenant = timezone.now()
    debut = date(2020, 1, 1)
    Tarif.objects.get_or_create(debut=debut, defaults={"montant": Decimal("1.24")})
    commune, _ = Commune.objects.get_or_create(
        code_insee="29019",
        defaults={"nom": "Brest", "code_postal": "29200", "latitude": 48.39, "longitude": -4.49},
    )
    with transaction.atomic():
        bailleur = Bailleur.objects.create(nom="Bailleur du banc de facturation", slug=MARQUE)
        secteur = Secteur.objects.create(
            bailleur=bailleur,
            nom="Secteur du banc",
            slug=MARQUE,
            commune=commune,
            statut=Secteur.Statut.DEPLOYE,
            deploye_le=debut,
        )
        residences = Residence.objects.bulk_create(
            Residence(
                secteur=secteur,
                nom=f"Résidence du banc {n}",
                adresse=f"{n + 1} rue du banc",
                adresse_recherche=f"{n + 1} rue du banc",
                code_postal="29200",
                commune=commune,
                nb_logements=nombre // RESIDENCES + 1,
            )
            for n in range(RESIDENCES)
        )
        lignes_copier(
            modele=Logement,
            champs=["residence_id", "reference", "bailleur_id", "escalier", "etage", "porte"],
            lignes=(
                (residences[n % RESIDENCES].pk, f"BANC-{n:07d}", bailleur.pk, "", "", "")
                for n in range(nombre)
            ),
        )
        # Lus d'abord : la connexion ne sert pas une autre requête pendant un COPY.
        logements = list(Logement.objects.filter(bailleur=bailleur).values_list("pk", flat=True))
        lignes_copier(
            modele=Abonnement,
            champs=[
                "logement_id",
                "titulaire",
                "email",
                "telephone",
                "accompagnement",
                "consentement_le",
                "statut",
                "debut",
                "cree_le",
                "donnees_exemple",
            ],
            lignes=(
                (pk, f"Foyer {pk}", f"foyer{pk}@banc.exemple.fr", "", "[]", maintenant)
                + ("actif", debut, maintenant, True)
                for pk in logements
            ),
        )
        abonnements = list(
            Abonnement.objects.filter(logement__bailleur=bailleur).values_list("pk", flat=True)
        )
        lignes_copier(
            modele=PeriodeActivite,
            champs=["abonnement_id", "debut"],
            lignes=((pk, debut) for pk in abonnements),
        )


def preparer(nombre: int, forcer: bool) -> None:
    from django.db import connection

    from internet_pour_tous.models import Abonnement

    present = Abonnement.objects.filter(logement__bailleur__slug=MARQUE).count()
    if present == nombre and not forcer:
        return
    debut = time.perf_counter()
    supprimer()
    creer(nombre)
    print(f"{nombre} abonnements actifs créés en {time.perf_counter() - debut:.1f} s")
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")


def vider(mois: date) -> None:
    from internet_pour_tous.models import Echeance, Facturation, Releve

    Echeance.objects.filter(mois=mois).delete()
    Releve.objects.filter(mois=mois).delete()
    Facturation.objects.filter(mois=mois).delete()


def doublons(mois: date) -> int:
    from django.db.models import Count

    from internet_pour_tous.models import Echeance

    return (
        Echeance.objects.filter(mois=mois)
        .values("abonnement")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )


def deux_en_meme_temps(mois: date):
    from django.db import connection

    from internet_pour_tous.facturation.services import facturer

    depart = threading.Barrier(2)

    def passer(_rang):
        try:
            depart.wait(timeout=30)
            return facturer(mois)
        finally:
            connection.close()

    debut = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as fils:
        passages = list(fils.map(passer, range(2)))
    return passages, (time.perf_counter() - debut) * 1000


def main(argv=None) -> int:
    args = lire_arguments(argv)
    env = environnement.preparer_django()
    print(f"Base : {env['DATABASE_URL']}")

    from django.core.management import call_command
    from django.utils import timezone

    from internet_pour_tous.facturation.services import facturer
    from internet_pour_tous.models import Echeance

    call_command("migrate", interactive=False, verbosity=0)
    preparer(args.abonnements, args.forcer)
    mois = timezone.localdate().replace(day=1)

    durees = []
    for passage in range(args.repetitions + 1):  # le premier chauffe les caches
        vider(mois)
        debut = time.perf_counter()
        resultat = facturer(mois)
        duree = (time.perf_counter() - debut) * 1000
        if passage:
            durees.append(duree)
    print(f"{args.abonnements} abonnements actifs, mois {mois:%m/%Y} ; {args.repetitions} passages")
    print(f"{'mesure':<40} {'médiane (ms)':>13} {'max (ms)':>9}")
    print(
        f"{'facturer() sur un mois vide':<40} {statistics.median(durees):>13.0f} {max(durees):>9.0f}"
    )
    print(f"  créées {resultat.creees}, déjà là {resultat.deja_la}, attendues {resultat.attendues}")

    debut = time.perf_counter()
    second = facturer(mois)
    duree = (time.perf_counter() - debut) * 1000
    print(f"{'second passage (tout déjà là)':<40} {duree:>13.0f}")
    print(f"  créées {second.creees}, déjà là {second.deja_la}")

    vider(mois)
    passages, duree = deux_en_meme_temps(mois)
    print(f"{'deux passages simultanés (durée totale)':<40} {duree:>13.0f}")
    for rang, p in enumerate(passages, start=1):
        print(
            f"  passage {rang} : {p.get_statut_display()}, créées {p.creees}, déjà là {p.deja_la}"
        )
    total = Echeance.objects.filter(mois=mois).count()
    print(f"  échéances du mois : {total} ; doublons : {doublons(mois)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
