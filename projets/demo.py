"""Données d'exemple de l'appel à projets (appelé par `manage.py demo`, idempotent) :
deux éditions passées, dont une entièrement décidée par le jury (projets/demo_jury.py),
et une ouverte ; 30 structures fictives et environ 150 dossiers dans chaque état,
tous marqués « (exemple) ».

Les dossiers sont écrits en masse avec leur historique, sans passer par les
transitions : celles-ci enverraient de vrais courriels aux adresses d'exemple."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from papi.models import Commune, Lieu
from projets import demo_jury
from projets.models import (
    AppelAProjets,
    CritereNotation,
    DemandeComplement,
    Dossier,
    HistoriqueDossier,
    LigneBudget,
    Membre,
    Structure,
    Theme,
    TypeStructure,
)

S = Dossier.Statut
THEMES = [
    "Lien social et numérique",
    "Accès accompagné aux services en ligne",
    "Expression multimédia (vidéo, son, photo, écriture)",
    "Compétences numériques",
    "Numérique et jeunesse",
]
CRITERES = [
    ("Utilité pour les habitants éloignés du numérique", 3),
    ("Qualité de l'accompagnement proposé", 2),
    ("Ancrage dans le quartier et partenariats", 2),
    ("Réalisme du budget et du calendrier", 1),
]
# Des structures fictives, à la manière de celles qui candidatent vraiment.
NOMS = [
    "Centre social de Kerourien",
    "Maison de quartier de Lambézellec",
    "Les Petits Débrouillards",
    "Radio Bro Gwened",
    "Collectif Pixel Ouest",
    "Patronage laïque du Pilier rouge",
    "Association Vieux Ordis, Nouvelles Vies",
    "Club photo de Saint-Marc",
    "Ciné-club du Bouguen",
    "Maison pour tous du Guelmeur",
    "Ludothèque de Bellevue",
    "Ateliers du Vallon",
    "Festival Électrons libres",
    "Amicale laïque de Plougastel",
    "Ti ar Vro Brest",
    "Café associatif Le Bercail",
    "Groupe d'habitants de Keredern",
    "Les Amis de la médiathèque",
    "Compagnie Théâtre en ligne",
    "Repair café du Relecq",
    "École de musique de Guipavas",
    "Espace jeunes de Gouesnou",
    "Association Fil d'Ariane",
    "Jardin partagé connecté de Recouvrance",
    "Club informatique des aînés de Bohars",
    "Collège du Vizac (foyer)",
    "Maison de l'enfance de Guilers",
    "Société coopérative Onde Courte",
    "Collectif Cartes sur table",
    "Mission locale du Pays de Brest",
]
PROJETS = [
    "Ateliers de musique électronique pour les femmes",
    "Chasse au trésor numérique dans les services publics",
    "Éducation à l'image pour les 12-16 ans",
    "Permanences d'aide aux démarches en ligne",
    "Webradio des habitants",
    "Reconditionner des ordinateurs avec les jeunes",
    "Initiation aux tablettes pour les aînés",
    "Reportages photo sur le quartier",
    "Fablab mobile en pied d'immeuble",
    "Podcast des collégiens",
    "Écrire et publier un journal de quartier en ligne",
    "Café numérique mensuel",
]
# Répartition des états pour l'édition ouverte ; les éditions passées n'ont que
# des dossiers arrivés au bout de l'instruction.
ETATS_OUVERTE = [S.BROUILLON] * 8 + [S.DEPOSE] * 8 + [S.EN_INSTRUCTION] * 10
ETATS_OUVERTE += [S.A_COMPLETER] * 6 + [S.PRET_POUR_JURY] * 6 + [S.IRRECEVABLE] * 2
ETATS_OUVERTE += [S.SANS_SUITE] * 2
ETATS_PASSEE = [S.PRET_POUR_JURY] * 32 + [S.IRRECEVABLE] * 4 + [S.SANS_SUITE] * 4
CHEMINS = {
    S.BROUILLON: [],
    S.DEPOSE: [S.DEPOSE],
    S.EN_INSTRUCTION: [S.DEPOSE, S.EN_INSTRUCTION],
    S.A_COMPLETER: [S.DEPOSE, S.EN_INSTRUCTION, S.A_COMPLETER],
    S.PRET_POUR_JURY: [S.DEPOSE, S.EN_INSTRUCTION, S.PRET_POUR_JURY],
    S.IRRECEVABLE: [S.DEPOSE, S.IRRECEVABLE],
    S.SANS_SUITE: [S.DEPOSE, S.EN_INSTRUCTION, S.SANS_SUITE],
}
MOTIFS = {
    S.IRRECEVABLE: "La structure n'a pas son siège dans la métropole (exemple).",
    S.SANS_SUITE: "Projet reporté à l'an prochain par la structure (exemple).",
    S.A_COMPLETER: "Pourriez-vous joindre le devis du matériel et le dernier bilan ? (exemple)",
}


def _paris(jour, heure: time) -> datetime:
    return timezone.make_aware(datetime.combine(jour, heure))


def _edition(annee: int, ouverture, cloture, themes) -> AppelAProjets:
    edition, creee = AppelAProjets.objects.get_or_create(
        annee=annee,
        defaults={
            "titre": f"Appel à projets multimédias {annee} (exemple)",
            "presentation": (
                "La Ville soutient chaque année une quarantaine de projets associatifs qui font "
                "entrer le numérique dans la vie des quartiers : ateliers, création, entraide. "
                "(Édition d'exemple.)"
            ),
            "eligibilite": (
                "Associations, équipements de quartier, établissements publics et groupes "
                "d'habitants de Brest métropole."
            ),
            "ouverture": _paris(ouverture, time(9, 0)),
            "cloture": _paris(cloture, time(23, 59, 59)),
            "deliberation_le": cloture + timedelta(days=28),
            "resultats_le": cloture + timedelta(days=75),
            "enveloppe": Decimal("90000"),
            "montant_max": Decimal("3000"),
            "part_max": Decimal("70"),
            "reglement": (
                "Un projet par structure et par édition. L'aide ne dépasse ni 3 000 €, ni 70\u202f% "
                "du budget du projet. Le projet se déroule dans l'année qui suit la décision."
            ),
        },
    )
    if creee:
        edition.themes.set(themes)
        CritereNotation.objects.bulk_create(
            CritereNotation(edition=edition, libelle=libelle, poids=poids, ordre=rang)
            for rang, (libelle, poids) in enumerate(CRITERES)
        )
        instructeur = get_user_model().objects.filter(email="instructeur@exemple.fr").first()
        if instructeur:
            edition.instructeurs.add(instructeur)
    return edition


def _structures(hasard: random.Random) -> list[Structure]:
    communes = list(Commune.objects.order_by("code_insee"))
    voulues = []
    for rang, nom in enumerate(NOMS):
        nom = f"{nom} (exemple)"
        type_ = TypeStructure.GROUPE if "Groupe" in nom else TypeStructure.ASSOCIATION
        voulues.append(
            Structure(
                type=type_,
                nom=nom,
                rna=f"W29{rang + 1:07d}" if type_ == TypeStructure.ASSOCIATION else "",
                adresse=f"{hasard.randint(1, 80)} rue {hasard.choice(['de Siam', 'Jean Jaurès', 'de Lyon', 'Massillon'])}",
                code_postal=communes[rang % len(communes)].code_postal,
                commune=communes[rang % len(communes)],
                contact_nom="Contact d'exemple",
                contact_email=f"{slugify(nom)[:40]}@exemple.fr",
            )
        )
    existantes = set(
        Structure.objects.filter(nom__endswith="(exemple)").values_list("nom", flat=True)
    )
    Structure.objects.bulk_create([s for s in voulues if s.nom not in existantes])
    return list(Structure.objects.filter(nom__endswith="(exemple)").order_by("pk"))


def _dossiers(edition, etats, structures, hasard, themes, lieux, projets=PROJETS) -> int:
    if edition.dossiers.exists():
        return 0
    maintenant = timezone.now()
    depot_max = min(maintenant, edition.cloture)
    nouveaux, chemins = [], []
    rang = 0
    for numero, etat in enumerate(etats):
        structure = structures[numero % len(structures)]
        depenses = Decimal(hasard.randrange(2000, 9000, 100))
        demande = min(edition.plafond_pour(depenses), Decimal(hasard.randrange(800, 3000, 100)))
        depose_le = None
        if etat != S.BROUILLON:
            rang += 1
            depose_le = edition.ouverture + (depot_max - edition.ouverture) * hasard.random()
        nouveaux.append(
            Dossier(
                edition=edition,
                structure=structure,
                rang=rang if depose_le else None,
                numero=f"AAP-{edition.annee}-{rang:04d}" if depose_le else None,
                titre=f"{projets[numero % len(projets)]} (exemple)",
                resume="Un projet fictif, pour montrer le portail : ateliers réguliers ouverts à tous.",
                description=(
                    "Séances hebdomadaires encadrées par deux animateurs, restitution publique en "
                    "fin d'année, partenariat avec le PAPI du quartier. (Exemple.)"
                ),
                publics=hasard.sample(["jeunes", "adultes", "seniors", "eloignes"], 2),
                montant_demande=demande,
                statut=etat,
                depose_le=depose_le,
                cree_le=(depose_le or maintenant) - timedelta(days=3),
            )
        )
        chemins.append((etat, depenses, demande, depose_le))
    Dossier.objects.bulk_create(nouveaux)
    lignes, etapes, demandes = [], [], []
    for dossier, (etat, depenses, demande, depose_le) in zip(nouveaux, chemins, strict=True):
        dossier.themes.set(hasard.sample(themes, 2))
        if lieux:
            dossier.lieux.set([hasard.choice(lieux)])
        lignes += [
            LigneBudget(
                dossier=dossier, nature="depense", libelle="Animation", montant=depenses - 500
            ),
            LigneBudget(dossier=dossier, nature="depense", libelle="Petit matériel", montant=500),
            LigneBudget(
                dossier=dossier,
                nature="recette",
                libelle="Fonds propres",
                montant=depenses - demande,
            ),
        ]
        precedent, quand = S.BROUILLON, depose_le
        for vers in CHEMINS[etat]:
            etapes.append(
                HistoriqueDossier(
                    dossier=dossier,
                    de=precedent,
                    vers=vers,
                    quand=quand,
                    motif=MOTIFS.get(vers, ""),
                )
            )
            precedent, quand = vers, quand + timedelta(days=hasard.randint(2, 9))
        if etat == S.A_COMPLETER:
            demandes.append(
                DemandeComplement(
                    dossier=dossier,
                    texte=MOTIFS[S.A_COMPLETER],
                    echeance=maintenant + timedelta(days=12),
                )
            )
    LigneBudget.objects.bulk_create(lignes)
    HistoriqueDossier.objects.bulk_create(etapes)
    DemandeComplement.objects.bulk_create(demandes)
    edition.dernier_rang = rang
    edition.save(update_fields=["dernier_rang"])
    return len(nouveaux)


@transaction.atomic
def creer_donnees_demo(sortie) -> None:
    hasard = random.Random(2027)
    themes = [
        Theme.objects.get_or_create(slug=slugify(t), defaults={"libelle": t})[0] for t in THEMES
    ]
    aujourd_hui = timezone.localdate()
    cloture = aujourd_hui + timedelta(days=60)
    ouverture = aujourd_hui - timedelta(days=16)
    annee = cloture.year
    editions = [
        _edition(
            annee - decalage,
            ouverture - relativedelta(years=decalage),
            cloture - relativedelta(years=decalage),
            themes,
        )
        for decalage in (2, 1, 0)
    ]
    structures = _structures(hasard)
    responsable = get_user_model().objects.filter(email="citoyen@exemple.fr").first()
    if responsable:
        # La citoyenne d'exemple agit pour la première structure : son espace a des dossiers.
        Membre.objects.get_or_create(structure=structures[0], user=responsable)
    lieux = list(Lieu.objects.publies().order_by("pk")[:20])
    # L'édition passée la plus récente est entièrement décidée (projets/demo_jury.py).
    parametres = [
        (ETATS_PASSEE, PROJETS),
        (demo_jury.ETATS, demo_jury.TITRES),
        (ETATS_OUVERTE, PROJETS),
    ]
    crees = sum(
        _dossiers(edition, etats, structures, hasard, themes, lieux, projets)
        for edition, (etats, projets) in zip(editions, parametres, strict=True)
    )
    sortie.write(
        f"  3 éditions d'exemple ({annee - 2} à {annee}, {annee} ouverte), "
        f"{len(structures)} structures, {crees} dossier(s) ajouté(s)"
    )
    demo_jury.creer_donnees_demo(editions[1], editions[2], random.Random(2028), sortie)
