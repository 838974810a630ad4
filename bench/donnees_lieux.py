"""Des lieux de médiation numérique plausibles, au standard national, pour le banc.

Lignes du standard (colonne → texte), tirées d'un `random.Random` : deux
lancements avec la même graine donnent le même fichier. Communes réelles, avec
leurs vrais codes INSEE et postaux, y compris outre-mer et en Corse, et des
coordonnées à quelques kilomètres de leur centre. Aucun import de Django ici.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from papi import referentiel as ref

# fmt: off
# (nom, code INSEE, code postal, latitude, longitude)
COMMUNES = [
    ("Brest", "29019", "29200", 48.3904, -4.4861), ("Guipavas", "29075", "29490", 48.4350, -4.3990),
    ("Plougastel-Daoulas", "29189", "29470", 48.3725, -4.3700),
    ("Landerneau", "29103", "29800", 48.4508, -4.2494), ("Morlaix", "29151", "29600", 48.5777, -3.8280),
    ("Quimper", "29232", "29000", 47.9960, -4.1024), ("Lorient", "56121", "56100", 47.7483, -3.3700),
    ("Vannes", "56260", "56000", 47.6582, -2.7608), ("Saint-Brieuc", "22278", "22000", 48.5136, -2.7603),
    ("Rennes", "35238", "35000", 48.1173, -1.6778), ("Saint-Malo", "35288", "35400", 48.6493, -2.0257),
    ("Nantes", "44109", "44000", 47.2184, -1.5536), ("Angers", "49007", "49000", 47.4784, -0.5632),
    ("Le Mans", "72181", "72000", 48.0061, 0.1996), ("Caen", "14118", "14000", 49.1829, -0.3707),
    ("Cherbourg-en-Cotentin", "50129", "50100", 49.6337, -1.6222),
    ("Rouen", "76540", "76000", 49.4432, 1.0999), ("Le Havre", "76351", "76600", 49.4944, 0.1079),
    ("Paris", "75056", "75011", 48.8566, 2.3522), ("Argenteuil", "95018", "95100", 48.9472, 2.2467),
    ("Saint-Denis", "93066", "93200", 48.9362, 2.3574), ("Amiens", "80021", "80000", 49.8941, 2.2958),
    ("Lille", "59350", "59000", 50.6292, 3.0573), ("Roubaix", "59512", "59100", 50.6942, 3.1746),
    ("Reims", "51454", "51100", 49.2583, 4.0317), ("Troyes", "10387", "10000", 48.2973, 4.0744),
    ("Metz", "57463", "57000", 49.1193, 6.1757), ("Nancy", "54395", "54000", 48.6921, 6.1844),
    ("Strasbourg", "67482", "67000", 48.5734, 7.7521), ("Colmar", "68066", "68000", 48.0794, 7.3585),
    ("Mulhouse", "68224", "68100", 47.7508, 7.3359), ("Besançon", "25056", "25000", 47.2378, 6.0241),
    ("Dijon", "21231", "21000", 47.3220, 5.0415), ("Orléans", "45234", "45000", 47.9030, 1.9093),
    ("Tours", "37261", "37000", 47.3941, 0.6848), ("Poitiers", "86194", "86000", 46.5802, 0.3404),
    ("La Rochelle", "17300", "17000", 46.1603, -1.1511), ("Limoges", "87085", "87000", 45.8336, 1.2611),
    ("Clermont-Ferrand", "63113", "63000", 45.7772, 3.0870),
    ("Lyon", "69123", "69003", 45.7640, 4.8357), ("Saint-Étienne", "42218", "42000", 45.4397, 4.3872),
    ("Grenoble", "38185", "38000", 45.1885, 5.7245), ("Chambéry", "73065", "73000", 45.5646, 5.9178),
    ("Annecy", "74010", "74000", 45.8992, 6.1294), ("Valence", "26362", "26000", 44.9334, 4.8924),
    ("Bordeaux", "33063", "33000", 44.8378, -0.5792), ("Pau", "64445", "64000", 43.2951, -0.3708),
    ("Bayonne", "64102", "64100", 43.4929, -1.4748), ("Toulouse", "31555", "31000", 43.6047, 1.4442),
    ("Albi", "81004", "81000", 43.9289, 2.1464), ("Montpellier", "34172", "34000", 43.6108, 3.8767),
    ("Nîmes", "30189", "30000", 43.8367, 4.3601), ("Perpignan", "66136", "66000", 42.6887, 2.8948),
    ("Avignon", "84007", "84000", 43.9493, 4.8055), ("Marseille", "13055", "13003", 43.2965, 5.3698),
    ("Aix-en-Provence", "13001", "13100", 43.5297, 5.4474), ("Toulon", "83137", "83000", 43.1242, 5.9280),
    ("Nice", "06088", "06000", 43.7102, 7.2620), ("Ajaccio", "2A004", "20000", 41.9192, 8.7386),
    ("Bastia", "2B033", "20200", 42.6970, 9.4503),
    ("Fort-de-France", "97209", "97200", 14.6161, -61.0588),
    ("Pointe-à-Pitre", "97120", "97110", 16.2411, -61.5331),
    ("Cayenne", "97302", "97300", 4.9372, -52.3260), ("Saint-Denis", "97411", "97400", -20.8823, 55.4504),
]
GENRES = [
    ("Médiathèque", ["BIB"]), ("Espace public numérique", ["EPN"]),
    ("Centre social", ["CS"]), ("Maison de quartier", ["MQ"]), ("Mairie de quartier", ["MUNI"]),
    ("France Services", ["RFS"]), ("Association", ["ASSO"]), ("Tiers-lieu", ["TIERS_LIEUX", "ASSO"]),
    ("Fablab", ["FABLAB"]), ("Centre socioculturel", ["CSC"]), ("CCAS", ["CCAS"]),
    ("Point information médiation multi-services", ["PIMMS"]),
]
QUARTIERS = [
    "du Centre", "de la Gare", "des Quatre Moulins", "de Bellevue", "de Saint-Martin", "du Port",
    "de Kerourien", "du Bourg", "des Capucins", "de Lambézellec", "Jean Moulin", "Louise Michel",
    "Victor Hugo", "Simone Veil", "Aimé Césaire", "Jules Verne", "Olympe de Gouges", "Pierre Mendès France",
]
VOIES = ["rue", "avenue", "place", "boulevard", "allée", "impasse", "quai"]
NOMS_DE_VOIES = [
    "Jean Jaurès", "de la République", "Victor Hugo", "Pasteur", "de Siam", "du Général de Gaulle",
    "des Écoles", "de la Mairie", "Anatole France", "Émile Zola", "de Paris", "du Stade",
]
HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
    "Tu-Sa 10:00-18:00; PH off",
    "Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-17:00",
    "Mo-Fr 08:30-12:30,13:30-17:00",
    "Mo,We,Fr 09:00-12:00",
    "Mo-Th 13:30-19:00; Fr 13:30-17:00",
    "Tu-Fr 10:00-12:30,13:30-18:30; Sa 10:00-18:00",
    "We 14:00-18:00; Sa 10:00-12:00,14:00-17:00",
    "Mo-Fr 09:00-17:00; PH 10:00-12:00",
    "Mo-Sa 10:00-20:00; Su 14:00-18:00; PH off",
    "Tu 17:00-21:00; Th 17:00-21:00; Sa 14:00-18:00",
    "Mo-Fr 09:30-12:00,13:30-17:30; Sa 09:30-12:00; PH off",
    "Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00",
    "Fr 18:00-23:00; Sa 14:00-02:00",
    "Mo-Fr 09:00-12:00",
]
PHRASES = [
    "Postes informatiques en accès libre et aide ponctuelle d'un médiateur.",
    "Ateliers collectifs pour débuter sur ordinateur, tablette et smartphone.",
    "Accompagnement individuel aux démarches en ligne, sur rendez-vous.",
    "Initiation à la sécurité en ligne et aux arnaques, pour tous les âges.",
    "Impression et numérisation de documents, Wi-Fi gratuit.",
    "Permanences d'un conseiller numérique le mardi et le jeudi.",
]
SOURCES = ["Hubik", "Conseillers numériques", "France Services", "Brest métropole", "Dora"]
# fmt: on


JOURS = ["Mo-Fr", "Tu-Fr", "Mo-Sa", "Tu-Sa", "Mo,We,Fr", "Tu,Th", "Mo-Th", "We,Sa"]


def _horaires(alea: random.Random) -> str:
    """Une fois sur deux des horaires courants, sinon un composé d'heures variées :
    la cartographie nationale compte des milliers d'horaires différents."""
    if alea.random() < 0.5:
        return alea.choice(HORAIRES)
    matin = f"{alea.choice(['08', '09', '10'])}:{alea.choice(['00', '30'])}-12:{alea.choice(['00', '15', '30'])}"
    apres_midi = f"{alea.choice(['13', '14'])}:{alea.choice(['00', '30'])}-{alea.randint(16, 20)}:{alea.choice(['00', '30'])}"
    texte = f"{alea.choice(JOURS)} {matin},{apres_midi}"
    if alea.random() < 0.4:
        texte += f"; Su {alea.randint(9, 11)}:00-{alea.randint(12, 13)}:00"
    if alea.random() < 0.5:
        texte += "; PH off"
    return texte


def _parmi(alea: random.Random, valeurs: list[str], minimum: int, maximum: int) -> str:
    nombre = alea.randint(minimum, min(maximum, len(valeurs)))
    return ref.SEPARATEUR.join(alea.sample(valeurs, nombre))


def _peut_etre(alea: random.Random, probabilite: float, valeur: str) -> str:
    return valeur if alea.random() < probabilite else ""


def lignes_lieux(
    quantite: int, alea: random.Random, *, prefixe: str = "lieu"
) -> Iterator[dict[str, str]]:
    """`quantite` lignes au standard, d'identifiants `<prefixe>-1`, `<prefixe>-2`…"""
    for n in range(1, quantite + 1):
        commune, insee, postal, lat, lon = alea.choice(COMMUNES)
        genre, typologie = alea.choice(GENRES)
        nom = f"{genre} {alea.choice(QUARTIERS)}"
        domaine = f"{genre.split()[0].lower()}-{n}.exemple.fr"
        pivot = (
            f"{alea.randrange(10**13, 10**14)}"
            if alea.random() < 0.7
            else f"W{alea.randrange(10**8, 10**9)}"
        )
        yield {
            "id": f"{prefixe}-{n}",
            "pivot": pivot,
            "nom": nom,
            "commune": commune,
            "code_postal": postal,
            "code_insee": insee,
            "adresse": f"{alea.randint(1, 180)} {alea.choice(VOIES)} {alea.choice(NOMS_DE_VOIES)}",
            "complement_adresse": _peut_etre(alea, 0.2, f"Bâtiment {alea.choice('ABCD')}"),
            "latitude": f"{lat + alea.uniform(-0.02, 0.02):.6f}",
            "longitude": f"{lon + alea.uniform(-0.02, 0.02):.6f}",
            "typologie": ref.SEPARATEUR.join(typologie),
            "telephone": f"+33{alea.randint(1, 9)}{alea.randrange(10**7, 10**8)}",
            "courriels": _peut_etre(alea, 0.8, f"contact@{domaine}"),
            "site_web": _peut_etre(alea, 0.6, f"https://www.{domaine}/"),
            "horaires": _peut_etre(alea, 0.95, _horaires(alea)),
            "presentation_resume": alea.choice(PHRASES),
            "presentation_detail": " ".join(alea.sample(PHRASES, 3)),
            "source": alea.choice(SOURCES),
            "itinerance": "Itinérant" if alea.random() < 0.05 else "Fixe",
            "structure_parente": _peut_etre(alea, 0.3, f"Ville de {commune}"),
            "date_maj": (date(2023, 1, 2) + timedelta(days=alea.randrange(900))).isoformat(),
            "services": _parmi(alea, ref.SERVICES, 1, 5),
            "publics_specifiquement_adresses": _parmi(alea, ref.PUBLICS, 0, 2),
            "prise_en_charge_specifique": _parmi(alea, ref.PRISES_EN_CHARGE, 0, 2),
            "frais_a_charge": _parmi(alea, ref.FRAIS, 1, 1),
            "dispositif_programmes_nationaux": _parmi(alea, ref.PROGRAMMES_NATIONAUX, 0, 2),
            "formations_labels": _parmi(alea, ref.FORMATIONS_LABELS, 0, 1),
            "autres_formations_labels": "",
            "modalites_acces": _parmi(alea, ref.MODALITES_ACCES[:4], 1, 3),
            "modalites_accompagnement": _parmi(alea, ref.MODALITES_ACCOMPAGNEMENT, 1, 3),
            "fiche_acces_libre": _peut_etre(
                alea, 0.3, f"https://acceslibre.beta.gouv.fr/app/erp/lieu-{n}/"
            ),
            "prise_rdv": _peut_etre(alea, 0.2, "https://www.rdv-solidarites.fr/"),
        }
