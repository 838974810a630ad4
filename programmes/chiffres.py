"""Les chiffres clés du programme, tels que les publie Brest métropole."""

CHIFFRES = [
    {"valeur": "108", "libelle": "points d'accès publics à Internet"},
    {"valeur": "≈ 40", "libelle": "projets multimédias soutenus chaque année"},
    {"valeur": "1,10 €", "libelle": "par mois pour Internet en logement social"},
    {"valeur": "170 km", "libelle": "de fibre optique métropolitaine"},
    {"valeur": "8", "libelle": "communes dans la métropole"},
]
