"""108 points d'accès d'exemple dans les 8 communes, plus le seul lieu réel connu (109 lieux).

Les lieux d'exemple sont marqués `donnees_exemple` et portent la source
« données d'exemple » : la fiche le dit au visiteur."""

import random
from datetime import date

from django.db import transaction

from papi import referentiel as ref
from papi.models import Commune, Lieu
from papi.services import lieux_enregistrer

SOURCE_EXEMPLE = "données d'exemple"
NOMBRE = 108

QUARTIERS_DE_BREST = [
    "Bellevue",
    "Lambézellec",
    "Saint-Pierre",
    "Quatre-Moulins",
    "Saint-Marc",
    "Europe",
    "Centre",
]
RUES = [
    "rue de Siam",
    "rue Jean Jaurès",
    "rue de la République",
    "rue Victor Hugo",
    "rue de la Gare",
    "place de la Liberté",
    "rue du Château",
    "rue de Paris",
    "rue Anatole France",
    "rue de Kerinou",
    "rue de la Mairie",
    "rue des Écoles",
    "allée des Tilleuls",
    "rue du Port",
]

# (typologie, gabarit du nom, services, horaires possibles)
MODELES = [
    (
        "MUNI",
        "Mairie de quartier de {q}",
        ["Aide aux démarches administratives", "Accès internet et matériel informatique"],
        [
            "Mo-Fr 08:30-12:00,13:30-17:30; PH off",
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
        ],
    ),
    (
        "BIB",
        "Médiathèque {q}",
        [
            "Accès internet et matériel informatique",
            "Loisirs et créations numériques",
            "Maîtrise des outils numériques du quotidien",
        ],
        [
            "Tu,Th,Fr 13:30-18:30; We,Sa 10:00-12:30,13:30-18:00; PH off",
            "Tu-Fr 14:00-19:00; Sa 10:00-17:00; PH off",
        ],
    ),
    (
        "CS",
        "Centre social {q}",
        [
            "Maîtrise des outils numériques du quotidien",
            "Parentalité et éducation avec le numérique",
            "Aide aux démarches administratives",
        ],
        [
            "Mo-Fr 09:00-12:00,13:30-18:00; PH off",
            "Mo,Tu,Th 14:00-18:00; We 09:00-12:00,14:00-18:00; PH off",
        ],
    ),
    (
        "MQ",
        "Maison de quartier {q}",
        ["Loisirs et créations numériques", "Compréhension du monde numérique"],
        [
            "Mo-Fr 14:00-19:00; Sa 10:00-12:00",
            "We 14:00-18:00; Sa 14:00-18:00; Mo,Tu,Th,Fr 17:00-20:00",
        ],
    ),
    (
        "ASSO",
        "Espace numérique associatif {q}",
        [
            "Maîtrise des outils numériques du quotidien",
            "Utilisation sécurisée du numérique",
            "Acquisition de matériel informatique à prix solidaire",
        ],
        ["Tu,Th 14:00-18:00; Sa 09:30-12:30", "Mo,We,Fr 09:00-12:00"],
    ),
    (
        "RFS",
        "France Services {q}",
        ["Aide aux démarches administratives", "Insertion professionnelle via le numérique"],
        [
            "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
            "Mo-Th 09:00-12:30,13:30-17:30; Fr 09:00-12:30; PH off",
        ],
    ),
    (
        "EPN",
        "Espace public numérique {q}",
        [
            "Accès internet et matériel informatique",
            "Maîtrise des outils numériques du quotidien",
            "Compréhension du monde numérique",
        ],
        ["Mo-Fr 10:00-12:00,14:00-18:30; Sa 10:00-12:00", "Tu-Sa 10:00-18:00"],
    ),
    (
        "RS_FJT",
        "Foyer de jeunes travailleurs {q}",
        ["Accès internet et matériel informatique", "Insertion professionnelle via le numérique"],
        ["Mo-Su 08:00-22:00", "Mo-Fr 17:00-21:00; Sa,Su 10:00-20:00"],
    ),
]


def _lieu_exemple(n: int, commune: Commune, hasard: random.Random) -> Lieu:
    typologie, gabarit, services, horaires_possibles = MODELES[n % len(MODELES)]
    quartier = hasard.choice(QUARTIERS_DE_BREST) if commune.nom == "Brest" else commune.nom
    nom = f"{gabarit.format(q=quartier)} – {n + 1}"
    return Lieu(
        identifiant=f"exemple-brest-metropole-{n + 1:03d}",
        pivot=f"{21290000000000 + n:014d}",
        nom=nom,
        commune=commune.nom,
        code_postal=commune.code_postal,
        code_insee=commune.code_insee,
        adresse=f"{hasard.randint(1, 120)} {hasard.choice(RUES)}",
        latitude=round(commune.latitude + hasard.uniform(-0.018, 0.018), 5),
        longitude=round(commune.longitude + hasard.uniform(-0.025, 0.025), 5),
        typologie=[typologie, "EPI"],
        telephone=f"+332980{hasard.randint(10000, 99999)}",
        horaires=hasard.choice(horaires_possibles),
        presentation_resume="Point d'accès public à Internet : postes en libre accès et aide d'un animateur aux heures d'ouverture.",
        source=SOURCE_EXEMPLE,
        itinerance=["Fixe"],
        date_maj=date(2026, 10, 1),
        services=services,
        publics_specifiquement_adresses=hasard.sample(ref.PUBLICS, hasard.randint(0, 2)),
        prise_en_charge_specifique=hasard.sample(ref.PRISES_EN_CHARGE, hasard.randint(0, 1)),
        frais_a_charge=[hasard.choice(["Gratuit", "Gratuit", "Gratuit sous condition"])],
        dispositif_programmes_nationaux=hasard.sample(
            ["Conseillers numériques", "Aidants Connect", "France Services"], hasard.randint(0, 1)
        ),
        modalites_acces=hasard.sample(["Se présenter", "Téléphoner", "Contacter par mail"], 2),
        modalites_accompagnement=hasard.sample(ref.MODALITES_ACCOMPAGNEMENT[:3], 2),
        nombre_ordinateurs=hasard.randint(2, 12),
        wifi_gratuit=hasard.random() < 0.7,
        impression=(impression := hasard.random() < 0.6),
        prix_impression="0.10" if impression else None,
        scanner=hasard.random() < 0.4,
        acces_fauteuil=hasard.random() < 0.75,
        donnees_exemple=True,
    )


def _pimms_quatre_moulins(brest: Commune) -> Lieu:
    """Le seul PAPI réel dont l'adresse et les horaires sont connus (papi-connus.md)."""
    return Lieu(
        identifiant="brest-pimms-quatre-moulins",
        pivot="00000000000000",
        nom="PIMMS Quatre-Moulins (France Services)",
        commune="Brest",
        code_postal="29200",
        code_insee=brest.code_insee,
        adresse="198 rue Anatole France",
        latitude=48.4035,
        longitude=-4.5057,
        typologie=["PIMMS", "RFS"],
        horaires="Mo 14:00-17:00; Tu,We 09:00-12:00,14:00-17:00; Th 14:00-19:30; Fr 09:00-12:00,14:00-17:30; PH off",
        presentation_resume="Point d'information et de médiation multi-services labellisé France Services : aide aux démarches en ligne et accès à Internet.",
        source="Brest métropole",
        itinerance=["Fixe"],
        date_maj=date(2026, 10, 1),
        services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
        frais_a_charge=["Gratuit"],
        dispositif_programmes_nationaux=["France Services"],
        modalites_acces=["Se présenter", "Téléphoner"],
        modalites_accompagnement=["Accompagnement individuel"],
        wifi_gratuit=True,
    )


@transaction.atomic
def creer_donnees_demo(sortie) -> None:
    communes = list(Commune.objects.order_by("code_insee"))
    brest = next(c for c in communes if c.nom == "Brest")
    hasard = random.Random(29)  # mêmes lieux à chaque chargement
    # Brest accueille la majorité des points ; chaque commune en a au moins un.
    autres = [c for c in communes if c != brest]
    repartition = [brest if i % 2 == 0 else autres[i // 2 % len(autres)] for i in range(NOMBRE)]
    voulus = [_lieu_exemple(n, c, hasard) for n, c in enumerate(repartition)]
    voulus.append(_pimms_quatre_moulins(brest))

    identifiants = [lieu.identifiant for lieu in voulus]
    existants = set(
        Lieu.objects.filter(identifiant__in=identifiants).values_list("identifiant", flat=True)
    )
    nouveaux = [lieu for lieu in voulus if lieu.identifiant not in existants]
    lieux_enregistrer(lieux=nouveaux)
    sortie.write(
        f"{len(nouveaux)} lieux ajoutés ({len(existants)} déjà présents), dont 1 réel : PIMMS Quatre-Moulins."
    )
