"""Le territoire d'exemple d'Internet pour tous : les secteurs et leurs années de
déploiement (d'après les rapports publics sur le dispositif), les consultations des
locataires, les résidences et les logements. Appelé par internet_pour_tous/demo.py.

Les secteurs réels gardent leur nom et leur année ; le reste (dates exactes, votes,
résidences, adresses, références des logements) est inventé et marqué
`donnees_exemple`."""

import random
import unicodedata
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from internet_pour_tous.demo_abonnements import inserer
from internet_pour_tous.models import (
    Bailleur,
    Consultation,
    HistoriqueSecteur,
    Logement,
    Residence,
    Secteur,
)
from papi.models import Commune

BMH = ("Brest métropole habitat", "brest-metropole-habitat", "contact@bmh.exemple.fr")
SECOND = ("Logis de l'Élorn (bailleur d'exemple)", "logis-de-l-elorn-exemple", "")

# (nom, identifiant, code INSEE, année de déploiement ou état, mois, latitude,
#  longitude, logements, rues) — le bailleur est BMH sauf mention « second ».
DEPLOYES = [
    (
        "Kerourien",
        "kerourien",
        2009,
        6,
        48.3936,
        -4.4560,
        620,
        ["rue de Kerourien", "rue Père Ricard"],
    ),
    (
        "Keredern",
        "keredern",
        2012,
        3,
        48.4067,
        -4.4530,
        780,
        ["rue de Keredern", "rue Émile Rousse"],
    ),
    (
        "Valy-Hir",
        "valy-hir",
        2013,
        9,
        48.3962,
        -4.5218,
        430,
        ["rue du Valy-Hir", "rue Victor Eusen"],
    ),
    (
        "Quéliverzan",
        "queliverzan",
        2014,
        2,
        48.3898,
        -4.5046,
        520,
        ["rue de Quéliverzan", "rue de Maissin"],
    ),
    (
        "Bellevue (rue d'Aquitaine)",
        "bellevue-aquitaine",
        2014,
        5,
        48.4005,
        -4.5030,
        480,
        ["rue d'Aquitaine", "rue de Gascogne"],
    ),
    (
        "Bellevue Bergot",
        "bellevue-bergot",
        2014,
        9,
        48.4000,
        -4.4992,
        360,
        ["rue du Bergot", "rue de Provence"],
    ),
    (
        "Bellevue Kerhallet, Quizac et Fougères",
        "bellevue-kerhallet",
        2014,
        11,
        48.4046,
        -4.5066,
        640,
        ["rue de Kerhallet", "rue du Quizac", "rue des Fougères"],
    ),
    (
        "Bellevue Kerbernier",
        "bellevue-kerbernier",
        2015,
        4,
        48.4024,
        -4.5118,
        380,
        ["rue de Kerbernier", "rue du Languedoc"],
    ),
    (
        "Kerangoff",
        "kerangoff",
        2018,
        3,
        48.3881,
        -4.5140,
        350,
        ["rue de Kerangoff", "rue Anatole Le Braz"],
    ),
    (
        "Pen ar Creac'h et Kerbernard",
        "pen-ar-creach-kerbernard",
        2018,
        10,
        48.4126,
        -4.4746,
        560,
        ["rue de Pen ar Creac'h", "rue de Kerbernard"],
    ),
    (
        "Bellevue Kergoat",
        "bellevue-kergoat",
        2019,
        6,
        48.4061,
        -4.5040,
        330,
        ["rue de Kergoat", "rue du Limousin"],
    ),
    (
        "Pontanezen",
        "pontanezen",
        2020,
        2,
        48.4152,
        -4.4690,
        690,
        ["rue de Pontanezen", "rue du Dauphiné"],
    ),
    (
        "Le Guelmeur",
        "le-guelmeur",
        2020,
        10,
        48.4021,
        -4.4795,
        300,
        ["rue du Guelmeur", "rue Camille Desmoulins"],
    ),
    (
        "Lambézellec bourg",
        "lambezellec-bourg",
        2021,
        5,
        48.4170,
        -4.4930,
        340,
        ["rue Robespierre", "rue de la Mairie de Lambézellec"],
    ),
    (
        "Route de Quimper",
        "route-de-quimper",
        2022,
        4,
        48.3846,
        -4.5298,
        270,
        ["route de Quimper", "rue de Kervallon"],
    ),
]
# Un secteur d'exemple du second bailleur, déployé, pour que ses chiffres existent.
DEPLOYE_SECOND = (
    "Guipavas centre (exemple)",
    "guipavas-centre-exemple",
    "29075",
    2021,
    9,
    48.4352,
    -4.4005,
    240,
    ["rue de Brest", "rue Saint-Éloi"],
)
# Deux secteurs dont le vote est prévu, un refusé par ses locataires (tous d'exemple).
A_VENIR = [
    (
        "Saint-Pierre Kervern (exemple)",
        "saint-pierre-kervern-exemple",
        "29019",
        BMH,
        48.3859,
        -4.5203,
        260,
        ["rue de Kervern", "rue Le Gorgeu"],
    ),
    (
        "Le Relecq-Kerhuon gare (exemple)",
        "relecq-kerhuon-gare-exemple",
        "29235",
        SECOND,
        48.4079,
        -4.3964,
        180,
        ["rue de la Gare", "rue Vincent Jézéquel"],
    ),
]
REFUSE = (
    "Recouvrance haute (exemple)",
    "recouvrance-haute-exemple",
    "29019",
    48.3871,
    -4.4975,
    150,
    ["rue de la Porte", "rue Vauban"],
)

NOMS_RESIDENCES = [
    "Les Ajoncs",
    "Les Bruyères",
    "Les Goélands",
    "Le Ponant",
    "Les Hortensias",
    "Les Mouettes",
    "Le Phare",
    "Les Genêts",
    "La Rade",
    "Les Cormorans",
]


def _recherche_locale(residence: Residence, commune: str) -> str:
    texte = f"{residence.nom} {residence.adresse} {residence.code_postal} {commune}"
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in sans_accents).split())[:500]


try:  # l'adresse de recherche des suggestions (côté public), si elle existe
    from internet_pour_tous.eligibilite import adresse_recherche
except ImportError:  # pragma: no cover — avant elle, le même principe
    adresse_recherche = _recherche_locale


def _moment(jour: date) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(10, 0)))


def bailleurs() -> tuple[Bailleur, Bailleur]:
    resultat = []
    for (nom, slug, email), exemple in ((BMH, False), (SECOND, True)):
        bailleur, _ = Bailleur.objects.get_or_create(
            slug=slug, defaults={"nom": nom, "email": email, "donnees_exemple": exemple}
        )
        resultat.append(bailleur)
    return resultat[0], resultat[1]


def secteurs(bmh: Bailleur, second: Bailleur, aujourd_hui: date, hasard: random.Random):
    """Rend [(secteur, nombre de logements, rues)] ; n'écrit que les secteurs absents."""
    communes = {c.code_insee: c for c in Commune.objects.all()}
    existants = {s.slug: s for s in Secteur.objects.filter(donnees_exemple=True)}
    voulus = []
    for nom, slug, annee, mois, lat, lon, nombre, rues in DEPLOYES:
        voulus.append(
            (bmh, nom, slug, "29019", "deploye", date(annee, mois, 1), lat, lon, nombre, rues)
        )
    nom, slug, insee, annee, mois, lat, lon, nombre, rues = DEPLOYE_SECOND
    voulus.append(
        (second, nom, slug, insee, "deploye", date(annee, mois, 1), lat, lon, nombre, rues)
    )
    for nom, slug, insee, qui, lat, lon, nombre, rues in A_VENIR:
        voulus.append(
            (
                bmh if qui is BMH else second,
                nom,
                slug,
                insee,
                "vote_prevu",
                None,
                lat,
                lon,
                nombre,
                rues,
            )
        )
    nom, slug, insee, lat, lon, nombre, rues = REFUSE
    voulus.append((bmh, nom, slug, insee, "refuse", None, lat, lon, nombre, rues))

    resultat, historique, consultations = [], [], []
    for bailleur, nom, slug, insee, statut, deploye_le, lat, lon, nombre, rues in voulus:
        secteur = existants.get(slug)
        if secteur is None:
            secteur = Secteur.objects.create(
                bailleur=bailleur,
                nom=nom,
                slug=slug,
                commune=communes[insee],
                statut=statut,
                deploye_le=deploye_le,
                latitude=lat,
                longitude=lon,
                donnees_exemple=True,
            )
            historique += _historique_secteur(secteur, aujourd_hui)
            consultations.append(_consultation(secteur, nombre, aujourd_hui, hasard))
        resultat.append((secteur, nombre, rues))
    HistoriqueSecteur.objects.bulk_create(historique)
    Consultation.objects.bulk_create(consultations)
    return resultat


def _date_vote(secteur: Secteur, aujourd_hui: date) -> tuple[date, date]:
    if secteur.statut == "deploye":
        cloture = secteur.deploye_le - timedelta(days=75)
    elif secteur.statut == "vote_prevu":
        cloture = aujourd_hui + timedelta(days=40 + 20 * (secteur.pk % 3))
    else:
        cloture = aujourd_hui - timedelta(days=120)
    return cloture - timedelta(days=21), cloture


def _historique_secteur(secteur: Secteur, aujourd_hui: date) -> list[HistoriqueSecteur]:
    ouverture, cloture = _date_vote(secteur, aujourd_hui)
    etapes = [("etude", "vote_prevu", ouverture - timedelta(days=60))]
    if secteur.statut == "refuse":
        etapes.append(("vote_prevu", "refuse", cloture + timedelta(days=2)))
    if secteur.statut == "deploye":
        etapes.append(("vote_prevu", "adopte", cloture + timedelta(days=2)))
        etapes.append(("adopte", "deploye", secteur.deploye_le))
    return [
        HistoriqueSecteur(secteur=secteur, de=de, vers=vers, quand=_moment(jour))
        for de, vers, jour in etapes
    ]


def _consultation(secteur: Secteur, nombre: int, aujourd_hui: date, hasard) -> Consultation:
    ouverture, cloture = _date_vote(secteur, aujourd_hui)
    inscrits = nombre
    if secteur.statut == "vote_prevu":
        return Consultation(
            secteur=secteur, ouverture=ouverture, cloture=cloture, inscrits=inscrits
        )
    votants = int(inscrits * hasard.uniform(0.35, 0.6))
    part_pour = hasard.uniform(0.62, 0.85) if secteur.statut == "deploye" else 0.41
    pour = int(votants * part_pour)
    return Consultation(
        secteur=secteur,
        ouverture=ouverture,
        cloture=cloture,
        inscrits=inscrits,
        pour=pour,
        contre=votants - pour,
        resultat="adopte" if secteur.statut == "deploye" else "refuse",
    )


def residences_et_logements(territoire, hasard: random.Random) -> None:
    """Les résidences (de 60 à 250 logements) et leurs logements, écrits en masse,
    pour les secteurs qui n'en ont pas encore."""
    deja = set(Residence.objects.filter(donnees_exemple=True).values_list("secteur_id", flat=True))
    nouvelles = []
    for secteur, nombre, rues in territoire:
        if secteur.pk in deja:
            continue
        reste, n = nombre, 0
        while reste > 0:
            taille = min(reste, hasard.randint(60, 250))
            if reste - taille < 40:
                taille = reste
            rue = rues[n % len(rues)]
            adresse = f"{hasard.randint(1, 60)} {rue}"
            commune = secteur.commune
            residence = Residence(
                secteur=secteur,
                nom=f"Résidence {NOMS_RESIDENCES[(secteur.pk + n) % len(NOMS_RESIDENCES)]} (exemple)",
                adresse=adresse,
                code_postal=commune.code_postal,
                commune=commune,
                latitude=round(secteur.latitude + hasard.uniform(-0.0025, 0.0025), 5),
                longitude=round(secteur.longitude + hasard.uniform(-0.0035, 0.0035), 5),
                nb_logements=taille,
                donnees_exemple=True,
            )
            residence.adresse_recherche = adresse_recherche(residence, commune.nom)
            nouvelles.append(residence)
            reste -= taille
            n += 1
    if not nouvelles:
        return
    Residence.objects.bulk_create(nouvelles)
    creees = Residence.objects.filter(
        donnees_exemple=True, secteur_id__in={r.secteur_id for r in nouvelles}
    ).select_related("secteur__bailleur")
    lignes = []
    for residence in creees.order_by("pk"):
        prefixe = "BMH" if residence.secteur.bailleur.slug == BMH[1] else "LE"
        for i in range(residence.nb_logements):
            etage = i // 8
            lignes.append(
                (
                    residence.pk,
                    f"{prefixe}-{residence.pk:04d}-{i + 1:04d}",
                    residence.secteur.bailleur_id,
                    "ABCD"[i // 40 % 4],
                    "RDC" if etage % 5 == 0 else str(etage % 5),
                    str(i % 8 + 1),
                )
            )
    inserer(
        Logement, ["residence_id", "reference", "bailleur_id", "escalier", "etage", "porte"], lignes
    )
