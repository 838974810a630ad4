"""Le standard national « Lieux de médiation numérique » v1.0.2 (La MedNum, ANCT).

Les libellés des énumérations sont ceux du standard, à la lettre : l'export CSV
doit repasser tel quel dans le validateur national. Le schéma complet est dans
papi/donnees/lieux-mediation-numerique.schema.json.
"""

SEPARATEUR = "|"

SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
]

# Regroupement des services tel que le présente la cartographie nationale.
GROUPES_DE_SERVICES = {
    "Se former et comprendre le numérique": [
        "Maîtrise des outils numériques du quotidien",
        "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique",
        "Loisirs et créations numériques",
        "Compréhension du monde numérique",
    ],
    "Être aidé dans ses démarches": [
        "Aide aux démarches administratives",
        "Insertion professionnelle via le numérique",
    ],
    "S'équiper et se connecter": [
        "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ],
}

PUBLICS = ["Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"]

PRISES_EN_CHARGE = [
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
]

FRAIS = ["Gratuit", "Gratuit sous condition", "Payant"]

PROGRAMMES_NATIONAUX = [
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
]

FORMATIONS_LABELS = [
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
]

MODALITES_ACCES = [
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
]

MODALITES_ACCOMPAGNEMENT = [
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
]

ITINERANCE = ["Itinérant", "Fixe"]

# Typologies data·inclusion qui conviennent aux PAPI (papi-connus.md).
TYPOLOGIES = {
    "EPI": "Espace public internet",
    "EPN": "Espace public numérique",
    "BIB": "Bibliothèque, médiathèque",
    "MUNI": "Mairie, mairie de quartier",
    "MQ": "Maison de quartier",
    "CS": "Centre social",
    "CSC": "Centre socioculturel",
    "CCAS": "Centre communal d'action sociale",
    "PIMMS": "Point information médiation multi-services",
    "RFS": "France Services",
    "ASSO": "Association",
    "TIERS_LIEUX": "Tiers-lieu",
    "FABLAB": "Fablab",
    "RS_FJT": "Foyer de jeunes travailleurs",
    "PENSION": "Pension de famille",
    "CHRS": "Centre d'hébergement et de réinsertion sociale",
}

# Colonnes du standard, dans l'ordre du schéma.
COLONNES = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]

# Colonne multivaluée → valeurs permises (None : texte libre).
MULTIVALUEES = {
    "typologie": None,
    "courriels": None,
    "site_web": None,
    "itinerance": ITINERANCE,
    "services": SERVICES,
    "publics_specifiquement_adresses": PUBLICS,
    "prise_en_charge_specifique": PRISES_EN_CHARGE,
    "frais_a_charge": FRAIS,
    "dispositif_programmes_nationaux": PROGRAMMES_NATIONAUX,
    "formations_labels": FORMATIONS_LABELS,
    "autres_formations_labels": None,
    "modalites_acces": MODALITES_ACCES,
    "modalites_accompagnement": MODALITES_ACCOMPAGNEMENT,
}

# Le modèle Lieu reprend le nom de chaque colonne, sauf `id`, que Django réserve
# à la clé primaire : c'est le champ `identifiant`. La seule définition de ce
# renommage ; import, export, administration et validation la lisent ici.
COLONNE_RENOMMEE = {"id": "identifiant"}


def champ_de_la_colonne(colonne: str) -> str:
    """Colonne du standard → champ du modèle Lieu."""
    return COLONNE_RENOMMEE.get(colonne, colonne)


def colonne_du_champ(champ: str) -> str:
    """Champ du modèle Lieu → colonne du standard."""
    return {v: k for k, v in COLONNE_RENOMMEE.items()}.get(champ, champ)


# Les champs du modèle qui portent les colonnes du standard, dans l'ordre du schéma.
CHAMPS_DU_STANDARD = [champ_de_la_colonne(colonne) for colonne in COLONNES]
