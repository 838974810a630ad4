"""Un faux géocodeur : un petit serveur HTTP local qui répond comme l'API Adresse
(/search/?q=…&limit=1, FeatureCollection GeoJSON), ou qui tarde, tombe en panne,
répond n'importe quoi. Les tests n'appellent jamais le vrai service."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Au-delà du délai que les tests donnent au portail (GEOCODEUR_DELAI_MS = 300).
LENTEUR_S = 1.5
DELAI_DES_TESTS_MS = 300


@dataclass
class FauxGeocodeur:
    # Adresse (telle que reçue, en minuscules) → (latitude, longitude, libellé).
    adresses: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    # « repond », « lent », « panne » (500), « illisible » (pas du JSON).
    humeur: str = "repond"
    requetes: list[dict[str, str]] = field(default_factory=list)
    url: str = ""

    def repondre(self, parametres: dict[str, str]) -> tuple[int, str, bytes]:
        if self.humeur == "panne":
            return 500, "text/plain", b"Internal Server Error"
        if self.humeur == "illisible":
            return 200, "text/html", b"<html>maintenance</html>"
        if self.humeur == "lent":
            time.sleep(LENTEUR_S)
        trouvee = self.adresses.get(parametres.get("q", ""))
        entites = []
        if trouvee:
            latitude, longitude, libelle = trouvee
            entites.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": {"label": libelle, "score": 0.97, "type": "housenumber"},
                }
            )
        corps = {"type": "FeatureCollection", "version": "draft", "features": entites}
        return 200, "application/json", json.dumps(corps).encode()


@contextmanager
def faux_geocodeur_demarre(settings) -> Iterator[FauxGeocodeur]:
    """Démarre le serveur et y pointe GEOCODEUR_URL (réglage lu à chaque appel,
    par les vues du client de test comme par le serveur des tests navigateur)."""
    etat = FauxGeocodeur()

    class Guichet(BaseHTTPRequestHandler):
        def do_GET(self):
            adresse = urlsplit(self.path)
            parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
            etat.requetes.append({"chemin": adresse.path, **parametres})
            statut, type_, corps = etat.repondre(parametres)
            try:
                self.send_response(statut)
                self.send_header("Content-Type", type_)
                self.send_header("Content-Length", str(len(corps)))
                self.end_headers()
                self.wfile.write(corps)
            except (BrokenPipeError, ConnectionResetError):
                pass  # le portail a cessé d'attendre : c'est ce qu'on voulait

        def log_message(self, *args):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Guichet)
    fil = threading.Thread(target=serveur.serve_forever, args=(0.05,), daemon=True)
    fil.start()
    etat.url = f"http://127.0.0.1:{serveur.server_address[1]}/search/"
    settings.GEOCODEUR_URL = etat.url
    settings.GEOCODEUR_DELAI_MS = DELAI_DES_TESTS_MS
    try:
        yield etat
    finally:
        serveur.shutdown()
        serveur.server_close()
        fil.join()
