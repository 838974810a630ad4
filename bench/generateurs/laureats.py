"""Les données décidées de l'appel à projets pour le banc des lauréats
(bench/laureats.py) : 10 éditions aux résultats publiés, de 150 dossiers déposés
chacune (1 500), dont 40 lauréats votés en deux délibérations du conseil, 5 en liste
d'attente, 75 non retenus motivés, des irrecevables et des dossiers sans suite ; des
structures de chaque type, des thèmes et les communes de la métropole.

Tout est écrit en masse : bulk_create pour les dossiers (il faut leurs clés), COPY
(brest_numerique/copie.py) pour ce qui en dépend, les fiches des lauréats par
laureats_preparer() (leur seul chemin d'écriture). Les lignes générées se
reconnaissent à leur marque : éditions « [banc lauréats] … », structures
« banc-laureats-… », compte « instructeur-banc-laureats@exemple.fr »."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from brest_numerique.comptes.models import User
from brest_numerique.copie import lignes_copier
from papi.models import Commune
from projets.models import (
    AppelAProjets,
    Dossier,
    HistoriqueDossier,
    Structure,
    Theme,
    TypeStructure,
)

EDITIONS = 10
PREMIERE_ANNEE = 2016
MARQUE_EDITION = "[banc lauréats] "
MARQUE_STRUCTURE = "banc-laureats-"
EMAIL_INSTRUCTEUR = "instructeur-banc-laureats@exemple.fr"
STRUCTURES = 200
Statut = Dossier.Statut
# Le sort des 150 dossiers déposés de chaque édition.
SORTS = (
    [Statut.VOTE] * 40
    + [Statut.LISTE_ATTENTE] * 5
    + [Statut.NON_RETENU] * 75
    + [Statut.IRRECEVABLE] * 15
    + [Statut.SANS_SUITE] * 15
)
DOSSIERS_PAR_EDITION = len(SORTS)
# Des chaînes, pas les membres de l'énumération : COPY écrirait leur nom.
PARCOURS = {
    Statut.VOTE: ["depose", "en_instruction", "pret_pour_jury", "en_jury", "retenu", "vote"],
    Statut.LISTE_ATTENTE: [
        "depose",
        "en_instruction",
        "pret_pour_jury",
        "en_jury",
        "liste_attente",
    ],
    Statut.NON_RETENU: ["depose", "en_instruction", "pret_pour_jury", "en_jury", "non_retenu"],
    Statut.IRRECEVABLE: ["depose", "irrecevable"],
    Statut.SANS_SUITE: ["depose", "en_instruction", "sans_suite"],
}
# fmt: off
COMMUNES = [("29019", "Brest", "29200"), ("29075", "Guipavas", "29490"),
            ("29069", "Gouesnou", "29850"), ("29082", "Guilers", "29820"),
            ("29011", "Bohars", "29820"), ("29189", "Plougastel-Daoulas", "29470"),
            ("29212", "Plouzané", "29280"), ("29235", "Le Relecq-Kerhuon", "29480")]
THEMES = [("Lien social", "lien-social"), ("Création multimédia", "creation-multimedia"),
          ("Inclusion numérique", "inclusion-numerique"), ("Jeunesse", "jeunesse"),
          ("Services en ligne", "services-en-ligne")]
ACTIVITES = ["Ateliers vidéo", "Webradio", "Fablab mobile", "Cantine numérique",
             "Club de code", "Tablettes pour les aînés", "Podcast des collégiens",
             "Repair café", "Cartographie participative", "Musique assistée par ordinateur"]
QUARTIERS = ["à Bellevue", "à Pontanézen", "à Kerourien", "à Lambézellec", "à Recouvrance",
             "à Saint-Marc", "à Keredern", "au Bourg", "au centre-ville", "à Kerinou"]
# fmt: on


def editions():
    return AppelAProjets.objects.filter(titre__startswith=MARQUE_EDITION)


def compter() -> int:
    return Dossier.objects.filter(edition__in=editions()).count()


def volumes() -> dict[str, int]:
    from projets.laureats.models import Laureat

    dossiers = Dossier.objects.filter(edition__in=editions())
    return {
        "éditions décidées": editions().count(),
        "dossiers déposés": dossiers.count(),
        "décisions": dossiers.filter(decision__isnull=False).count(),
        "lauréats": Laureat.objects.filter(dossier__in=dossiers).count(),
    }


@transaction.atomic
def supprimer() -> None:
    from projets.deliberation.models import DeliberationConseil

    # Décisions, fiches et historique partent avec les dossiers (cascade) ; les
    # délibérations et les structures sont protégées tant qu'il en reste.
    Dossier.objects.filter(edition__in=editions()).delete()
    DeliberationConseil.objects.filter(edition__in=editions()).delete()
    editions().delete()
    Structure.objects.filter(nom__startswith=MARQUE_STRUCTURE).delete()
    User.objects.filter(email=EMAIL_INSTRUCTEUR).delete()


def _paris(jour, heure=time(10)) -> datetime:
    return timezone.make_aware(datetime.combine(jour, heure))


@transaction.atomic
def creer(alea: random.Random) -> dict[str, int]:
    """Crée tout d'un bloc ; renvoie les volumes créés, par sorte de ligne."""
    from projets.deliberation.models import Decision, DeliberationConseil
    from projets.laureats.models import Laureat
    from projets.laureats.services import laureats_preparer

    aujourd_hui = timezone.localdate()
    agent = User.objects.create(
        email=EMAIL_INSTRUCTEUR, first_name="Inès", last_name="Banc", password=make_password(None)
    )
    communes = [
        Commune.objects.get_or_create(
            code_insee=code,
            defaults={"nom": nom, "code_postal": cp, "latitude": 48.4, "longitude": -4.5},
        )[0]
        for code, nom, cp in COMMUNES
    ]
    themes = [
        Theme.objects.get_or_create(slug=s, defaults={"libelle": lib})[0] for lib, s in THEMES
    ]
    types = [TypeStructure.ASSOCIATION] * 6 + [t for t, _ in TypeStructure.choices]
    structures = Structure.objects.bulk_create(
        Structure(
            type=alea.choice(types),
            nom=f"{MARQUE_STRUCTURE}structure {n:03d}",
            adresse=f"{n} rue de Siam",
            code_postal=communes[n % len(communes)].code_postal,
            commune=communes[n % len(communes)],
            contact_nom="Contact du banc",
            contact_email=f"contact{n}@banc-laureats.exemple.fr",
        )
        for n in range(STRUCTURES)
    )

    liste, conseils, dossiers = [], [], []
    for rang_edition in range(EDITIONS):
        annee = PREMIERE_ANNEE + rang_edition
        cloture = _paris(aujourd_hui - timedelta(days=365 * (EDITIONS - rang_edition) + 120))
        edition = AppelAProjets.objects.create(
            annee=annee,
            titre=f"{MARQUE_EDITION}Appel à projets multimédias {annee}",
            ouverture=cloture - timedelta(days=60),
            cloture=cloture,
            deliberation_le=(cloture + timedelta(days=30)).date(),
            resultats_le=(cloture + timedelta(days=75)).date(),
            enveloppe=Decimal("90000"),
            montant_max=Decimal("3000"),
            part_max=Decimal("70"),
            dernier_rang=DOSSIERS_PAR_EDITION,
            resultats_publies_le=cloture + timedelta(days=75),
        )
        edition.themes.set(themes)
        liste.append(edition)
        conseils += DeliberationConseil.objects.bulk_create(
            DeliberationConseil(
                edition=edition,
                numero=f"DEL-BANC-{annee}-{n}",
                date_conseil=edition.deliberation_le + timedelta(days=15 * n),
                enregistree_par=agent,
            )
            for n in (1, 2)
        )
        for rang, sort in enumerate(SORTS, start=1):
            depose_le = cloture - timedelta(minutes=alea.randrange(60 * 24 * 50))
            dossier = Dossier(
                edition=edition,
                structure=alea.choice(structures),
                titre=f"{alea.choice(ACTIVITES)} {alea.choice(QUARTIERS)} ({annee}-{rang})",
                resume="Des ateliers réguliers pour les habitants du quartier.",
                description="Dix séances le mercredi après-midi, puis une restitution publique.",
                publics=alea.sample(["enfants", "jeunes", "adultes", "seniors", "eloignes"], 2),
                montant_demande=Decimal(alea.randrange(500, 2200)),
                statut=sort,
                rang=rang,
                numero=f"AAP-{annee}-{rang:04d}",
                depose_le=depose_le,
                cree_le=depose_le - timedelta(days=3),
                modifie_le=depose_le,
                instructeur=agent,
            )
            dossier._conseil = conseils[-2 + rang % 2] if sort == Statut.VOTE else None
            dossiers.append(dossier)
    Dossier.objects.bulk_create(dossiers, batch_size=1000)
    for edition in liste:  # pour laureats_preparer, sans une requête par dossier
        for dossier in dossiers:
            if dossier.edition_id == edition.pk:
                dossier.edition = edition

    lignes_copier(
        modele=Dossier.themes.through,
        champs=["dossier_id", "theme_id"],
        lignes=((d.pk, t.pk) for d in dossiers for t in alea.sample(themes, alea.randint(1, 2))),
    )
    lignes_copier(
        modele=Dossier.communes.through,
        champs=["dossier_id", "commune_id"],
        lignes=((d.pk, c.pk) for d in dossiers for c in alea.sample(communes, alea.randint(1, 2))),
    )
    decisions, historique = [], []
    for d in dossiers:
        decide = timezone.make_aware(datetime.combine(d.edition.deliberation_le, time(14)))
        if d.statut in (Statut.VOTE, Statut.LISTE_ATTENTE, Statut.NON_RETENU):
            retenu = d.statut == Statut.VOTE
            decisions.append(
                Decision(
                    dossier=d,
                    sens="retenu" if retenu else d.statut,
                    montant_accorde=d.montant_demande if retenu else Decimal("0"),
                    forme_aide="subvention" if retenu else "",
                    motivation="" if retenu else "Classé après les projets retenus.",
                    decidee_par=agent,
                    decidee_le=decide,
                    deliberation=d._conseil,
                    notifiee_le=d.edition.resultats_publies_le,
                )
            )
        de = Statut.BROUILLON.value
        for etape, vers in enumerate(PARCOURS[d.statut]):
            historique.append(
                (d.pk, de, vers, agent.pk, "", d.depose_le + timedelta(days=etape * 5))
            )
            de = vers
    Decision.objects.bulk_create(decisions, batch_size=1000)
    lignes_copier(
        modele=HistoriqueDossier,
        champs=["dossier_id", "de", "vers", "par_id", "motif", "quand"],
        lignes=historique,
    )
    fiches = laureats_preparer([d for d in dossiers if d.statut == Statut.VOTE])
    for fiche in fiches:
        fiche.resume_public = (
            f"{fiche.dossier.titre} : des séances ouvertes à tous, encadrées par des "
            "animateurs, et une restitution publique en fin d'année."
        )
    Laureat.objects.bulk_update(fiches, ["resume_public"], batch_size=1000)
    return {
        "éditions": len(liste),
        "structures": len(structures),
        "dossiers": len(dossiers),
        "décisions": len(decisions),
        "délibérations": len(conseils),
        "lauréats": len(fiches),
        "étapes d'historique": len(historique),
    }
