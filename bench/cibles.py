"""Les adresses que charge bench/charge.py, et la manière de charger chacune."""

import argparse
from dataclasses import dataclass

from bench.mesures import EchecMesure, avec_parametre, cache_factice, compter

PLANCHER = "/plancher/"
SANTE = "/sante/"
ADRESSES_PAR_DEFAUT = [PLANCHER, "/", SANTE]
# Les repères, que --sans-cache et --conditionnel laissent de côté ; l'accueil cesse
# d'en être un avec --programme, qui le mesure comme les autres pages du programme.
REPERES = [PLANCHER, SANTE]
# --commentaires : la file de modération à son début, au fond de la file (≈ 9 000
# commentaires à traiter, 25 par page) et au fond des publiés (≈ 27 500).
FILE_DE_MODERATION = [
    "/moderation/",
    "/moderation/?page=300",
    "/moderation/?statut=publie&page=1000",
]


@dataclass(frozen=True)
class Cible:
    """Une ligne du tableau : une adresse, et la manière de la charger."""

    chemin: str
    note: str = ""
    connecte: bool = False  # en webmestre du banc, avec son cookie de session
    sans_cache: bool = False  # une adresse neuve par requête (bench/sans_cache.lua)
    en_tetes: tuple[tuple[str, str], ...] = ()  # envoyés avec chaque requête


def construire_cibles(args: argparse.Namespace) -> list[Cible]:
    """Les adresses à charger, dans l'ordre du tableau ; Django doit être initialisé
    (la fiche commentée se cherche dans la base)."""
    chemins = list(args.chemins)
    connectes = list(args.connecte)
    if args.commentaires:
        from bench.generateurs import fiche_commentee

        fiche = fiche_commentee()
        if fiche is None:
            raise EchecMesure("aucun lieu généré : lancer d'abord bench/generer.py")
        chemins += [fiche.get_absolute_url(), fiche.get_absolute_url() + "?commentaires=10"]
        connectes += FILE_DE_MODERATION
    if args.programme:
        from bench.generateurs.programmes import adresses_du_programme

        adresses = adresses_du_programme()
        if not adresses:
            raise EchecMesure("aucune actualité générée : lancer d'abord bench/generer.py")
        chemins += adresses
    cibles = [Cible(chemin) for chemin in dict.fromkeys(chemins) if chemin != SANTE]
    cibles += [Cible(chemin, "webmestre", connecte=True) for chemin in dict.fromkeys(connectes)]
    # La sonde en dernier : chacune de ses requêtes interroge les workers Celery
    # (control.ping), qui répondent encore aux centaines de sondes de sa fenêtre
    # pendant celle de l'adresse suivante. Mesurée en troisième, elle pesait sur
    # /papi/ (p99 à 3,1 fois le plancher, contre 1,4 pour la fiche juste après).
    return cibles + [Cible(SANTE)]


def cibles_sans_cache(
    cibles: list[Cible], sql: dict[Cible, tuple[int, int]], client, reperes: list[str]
) -> tuple[list[Cible], list[str]]:
    """Les pages anonymes qu'un paramètre inconnu fait sortir du cache, avec leur
    compte SQL sans cache ; et une remarque pour chacune des autres.

    On le constate au lieu de le supposer, en requêtes SQL : la page en coûte-t-elle
    plus sans cache du tout (cache factice) que servie deux fois ? Si oui, une
    adresse neuve (`?_=…`) les coûte-t-elle aussi ?"""
    retenues, remarques = [], []
    for cible in cibles:
        if cible.connecte or cible.chemin in reperes:
            continue
        with cache_factice():
            _, sans_cache = compter(client, cible.chemin)
        if sans_cache <= sql[cible][1]:
            remarques.append(
                f"{cible.chemin} : autant de requêtes SQL sans cache qu'avec, pas de cache "
                "de page ; la ligne principale mesure déjà le rendu."
            )
            continue
        neuve = compter(
            client,
            avec_parametre(cible.chemin, "banc-2"),
            chauffe=avec_parametre(cible.chemin, "banc-1"),
        )
        if neuve[1] > sql[cible][1]:
            retenue = Cible(cible.chemin, "sans cache", sans_cache=True)
            sql[retenue] = neuve
            retenues.append(retenue)
        else:
            remarques.append(
                f"{cible.chemin} : une adresse neuve ne contourne pas son cache "
                f"({sans_cache} requêtes SQL sans cache) ; voir sa durée sans cache "
                "dans le processus."
            )
    return retenues, remarques


def cibles_conditionnelles(
    cibles: list[Cible], sql: dict[Cible, tuple[int, int]], client, reperes: list[str]
) -> list[Cible]:
    """Une cible « If-None-Match » pour chaque page anonyme qui donne un ETag."""
    retenues = []
    for cible in cibles:
        if cible.connecte or cible.sans_cache or cible.chemin in reperes:
            continue
        # Mêmes en-têtes que wrk (Accept-Encoding) : même représentation, même ETag.
        etag = client.get(cible.chemin, HTTP_ACCEPT_ENCODING="gzip, deflate, br").headers.get(
            "ETag"
        )
        if etag:
            retenue = Cible(cible.chemin, "If-None-Match", en_tetes=(("If-None-Match", etag),))
            sql[retenue] = compter(client, cible.chemin, en_tetes=dict(retenue.en_tetes))
            retenues.append(retenue)
    return retenues
