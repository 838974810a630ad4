"""Le démarrage selon l'environnement : chaque cas tourne dans un processus neuf,
puisque les réglages se lisent une seule fois, à l'import."""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/brest_numerique",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-" + "k7Qz9" * 6,
    "ALLOWED_HOSTS": "numerique.brest.fr",
    "CSRF_TRUSTED_ORIGINS": "https://numerique.brest.fr",
    "EMAIL_URL": "smtp://relais:motdepasse@smtp.brest.fr:587",
}


def lancer(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Environnement minimal : rien ne fuit de la session de test.
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=RACINE,
        env={**base, **env},
        capture_output=True,
        text=True,
        # Une marge pour une machine chargée (migrate et demo sur SQLite) : ce n'est pas
        # une mesure, seulement la garde contre un processus bloqué.
        timeout=240,
        check=False,
    )


# Le mode embarqué de `make run` : SQLite, migrations, données d'exemple, puis les
# pages qu'on y visite. Les requêtes du portail n'y emploient rien que PostgreSQL
# seul comprendrait (l'instruction de l'appel à projets y faisait une erreur 500) :
# ni le classement du jury, ni les statistiques, ni les pages des jurés, sur
# l'édition décidée des données d'exemple ; ni les pages d'Internet pour tous (public,
# espace de l'abonnée, liste des abonnements, accueil du bailleur).
# Une vue qui tombe en panne, ajoutée à la configuration d'URL du seul sous-processus
# avant sa première requête : la 500 passe par le vrai handler500 du portail.
PANNE_SIMULEE = """
import django
django.setup()
from django.urls import path
from brest_numerique import urls
def panne(request):
    raise RuntimeError("panne simulée")
urls.urlpatterns.insert(0, path("panne-simulee/", panne))
"""

SCRIPT_EMBARQUE = (
    PANNE_SIMULEE
    + """
import io
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("demo", stdout=io.StringIO())
from django.test import Client
from brest_numerique.comptes.models import User
from projets.jury.models import Evaluation
from projets.laureats.models import Laureat
from projets.models import AppelAProjets, Dossier
print(settings.DATABASES["default"]["ENGINE"], settings.DEBUG)
edition = AppelAProjets.objects.order_by("-annee").first()
decidee = AppelAProjets.objects.exclude(resultats_publies_le=None).get()
laureat = Laureat.objects.publies().order_by("slug").first()
jure = Client(HTTP_HOST="127.0.0.1")
jure.force_login(User.objects.get(email="jury@exemple.fr"))
notee = Evaluation.objects.filter(jure__email="jury@exemple.fr", statut="soumise").first()
depose = edition.dossiers.exclude(statut="brouillon").first()
candidat = Client(HTTP_HOST="127.0.0.1")
candidat.force_login(User.objects.get(email="citoyen@exemple.fr"))
sien = Dossier.objects.filter(structure__membres__user__email="citoyen@exemple.fr").first()
instructeur = Client(HTTP_HOST="127.0.0.1")
instructeur.force_login(User.objects.get(email="instructeur@exemple.fr"))
pages = [
    (Client(HTTP_HOST="127.0.0.1"), "/"),
    (Client(HTTP_HOST="127.0.0.1"), "/papi/?q=mediatheque"),
    (Client(HTTP_HOST="127.0.0.1"), "/recherche/?q=atelier"),
    (Client(HTTP_HOST="127.0.0.1"), "/appels-a-projets/"),
    (candidat, "/appels-a-projets/espace/"),
    (candidat, f"/appels-a-projets/dossiers/{sien.pk}/"),
    (instructeur, f"/instruction/{edition.annee}/"),
    (instructeur, f"/instruction/{edition.annee}/?statut=en_instruction&tri=-montant&q=atelier"),
    (instructeur, f"/instruction/dossiers/{depose.pk}/"),
    (instructeur, f"/instruction/dossiers/{depose.pk}/messages/"),
    (instructeur, f"/instruction/{edition.annee}/export.xlsx/"),
    (Client(HTTP_HOST="127.0.0.1"), f"/appels-a-projets/{decidee.annee}/laureats/"),
    (Client(HTTP_HOST="127.0.0.1"), laureat.get_absolute_url()),
    (Client(HTTP_HOST="127.0.0.1"), "/appels-a-projets/statistiques/"),
    (instructeur, f"/instruction/{decidee.annee}/classement/"),
    (jure, "/jury/"),
    (jure, f"/jury/{notee.pk}/"),
]
# Internet pour tous : public, gestionnaire, bailleur et abonnée d'exemple.
from internet_pour_tous.models import Residence
raccordee = Residence.objects.filter(secteur__statut="deploye").order_by("pk").first()
roles = {}
for email in ("gestionnaire@exemple.fr", "bailleur@exemple.fr", "abonnee@exemple.fr"):
    roles[email] = Client(HTTP_HOST="127.0.0.1")
    roles[email].force_login(User.objects.get(email=email))
pages += [
    (Client(HTTP_HOST="127.0.0.1"), "/internet-pour-tous/"),
    (Client(HTTP_HOST="127.0.0.1"), "/internet-pour-tous/eligibilite/?adresse=kerourien"),
    (Client(HTTP_HOST="127.0.0.1"), f"/internet-pour-tous/eligibilite/?residence={raccordee.pk}"),
    (roles["abonnee@exemple.fr"], "/internet-pour-tous/mon-abonnement/"),
    (roles["gestionnaire@exemple.fr"], "/gestion/internet-pour-tous/"),
    (roles["gestionnaire@exemple.fr"], "/gestion/internet-pour-tous/abonnements/?statut=actif&q=exemple"),
    (roles["bailleur@exemple.fr"], "/bailleur/"),
]
for client, adresse in pages:
    reponse = client.get(adresse)
    print(reponse.status_code, adresse)
    if adresse == "/":
        accueil = reponse.content.decode()
print("ACCUEIL", "Le numérique pour tous les habitants de Brest métropole" in accueil)
# La file de modération lit ses lignes par une requête écrite à la main : sur SQLite
# aussi, une carte par commentaire de la sélection.
from commentaires.models import Commentaire
webmestre = Client(HTTP_HOST="127.0.0.1")
webmestre.force_login(User.objects.get(email="webmestre@exemple.fr"))
for statut, selection in (("file", Commentaire.objects.a_moderer()), ("publie", Commentaire.objects.publies())):
    file = webmestre.get(f"/moderation/?statut={statut}")
    print("FILE", statut, file.status_code, file.content.decode().count('<li class="carte"'), selection.count())
# Sans DEBUG, les pages d'erreur du portail ; les fichiers statiques (sources, sans
# collectstatic) et les médias déposés restent servis.
anonyme = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
(Path(settings.MEDIA_ROOT) / "essai.txt").write_text("média")
for client, adresse in [
    (anonyme, "/page-qui-n-existe-pas/"),
    (candidat, f"/instruction/{edition.annee}/"),
    (anonyme, "/panne-simulee/"),
    (anonyme, "/static/css/portail.css"),
    (anonyme, "/static/vendor/leaflet/leaflet.js"),
    (anonyme, "/media/essai.txt"),
]:
    reponse = client.get(adresse)
    corps = b"".join(reponse) if reponse.streaming else reponse.content
    print("ERREUR", reponse.status_code, adresse, corps.decode(errors="replace").replace("\\n", " "))
reponse = anonyme.delete("/papi/")
print("ERREUR", reponse.status_code, "DELETE /papi/", reponse.content.decode().replace("\\n", " "))
"""
)

# Le même portail, débogage demandé : les pages techniques de Django.
SCRIPT_DEBUG = (
    PANNE_SIMULEE
    + """
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
print(settings.DEBUG)
for adresse in ("/page-qui-n-existe-pas/", "/panne-simulee/"):
    reponse = client.get(adresse)
    print(reponse.status_code, adresse, reponse.content.decode().replace("\\n", " "))
"""
)


def _ligne(sortie: str, debut: str) -> str:
    return next(ligne for ligne in sortie.splitlines() if ligne.startswith(debut))


def test_le_mode_embarque_demarre_sur_sqlite_et_sert_ses_pages(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "brest_numerique.settings",
        "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        "PIECES_ROOT": str(tmp_path / "pieces"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    resultat = lancer("-c", SCRIPT_EMBARQUE, env=env)

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    lignes = resultat.stdout.strip().splitlines()
    moteur, *pages, accueil = [
        ligne for ligne in lignes if not ligne.startswith(("ERREUR ", "FILE "))
    ]
    assert moteur == "django.db.backends.sqlite3 False"
    assert len(pages) == 24, resultat.stdout
    assert all(ligne.startswith("200 ") for ligne in pages), resultat.stdout
    assert accueil == "ACCUEIL True"
    for statut in ("file", "publie"):
        _, _, code, cartes, attendues = _ligne(resultat.stdout, f"FILE {statut} ").split()
        assert code == "200" and cartes == attendues != "0", resultat.stdout
    # DEBUG n'est pas demandé : les pages d'erreur sont celles du portail, en français.
    introuvable = _ligne(resultat.stdout, "ERREUR 404 /page-qui-n-existe-pas/")
    assert "<h1>Page introuvable</h1>" in introuvable and "DEBUG = True" not in introuvable
    assert "<h1>Accès refusé</h1>" in _ligne(resultat.stdout, "ERREUR 403 /instruction/")
    assert "<h1>Demande non acceptée" in _ligne(resultat.stdout, "ERREUR 405 DELETE /papi/")
    panne = _ligne(resultat.stdout, "ERREUR 500 /panne-simulee/")
    assert "<h1>Erreur du serveur</h1>" in panne and "Traceback" not in panne
    assert ".entete" in _ligne(resultat.stdout, "ERREUR 200 /static/css/portail.css")
    assert _ligne(resultat.stdout, "ERREUR 200 /static/vendor/leaflet/leaflet.js")
    assert _ligne(resultat.stdout, "ERREUR 200 /media/essai.txt").endswith("média")

    # DEBUG=true, sur la même base : les pages techniques de Django.
    debug = lancer("-c", SCRIPT_DEBUG, env={**env, "DEBUG": "true"})

    assert debug.returncode == 0, debug.stderr[-3000:]
    assert debug.stdout.startswith("True\n")
    assert "DEBUG = True" in _ligne(debug.stdout, "404 /page-qui-n-existe-pas/")
    assert "RuntimeError" in _ligne(debug.stdout, "500 /panne-simulee/")


# Le port de `make run` : les liens des courriels le suivent.
SCRIPT_PORT = """
import django
django.setup()
from django.conf import settings
from brest_numerique.notifications.services import rendre
from commentaires.models import Commentaire
from commentaires.suites import lien_confirmation
print(settings.SITE_URL)
lien = lien_confirmation(Commentaire(pk=7))
courriel = rendre(
    gabarit="commentaire_confirmation",
    context={"objet": "Médiathèque", "lien_confirmation": lien},
)
print(courriel.texte.replace("\\n", " "))
"""


def test_le_port_de_make_run_donne_l_adresse_des_liens_des_courriels():
    resultat = lancer(
        "-c",
        SCRIPT_PORT,
        env={"DJANGO_SETTINGS_MODULE": "brest_numerique.settings", "PORT": "8100"},
    )

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    site_url, courriel = resultat.stdout.strip().splitlines()
    assert site_url == "http://127.0.0.1:8100"
    assert "http://127.0.0.1:8100/" in courriel and ":8000" not in courriel


def test_une_site_url_explicite_l_emporte_sur_le_port():
    resultat = lancer(
        "-c",
        "from brest_numerique import settings; print(settings.SITE_URL)",
        env={"PORT": "8100", "SITE_URL": "https://numerique.brest.fr/"},
    )

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    assert resultat.stdout.strip() == "https://numerique.brest.fr"


def test_sans_debug_le_mode_embarque_passe_les_verifications_de_runserver(tmp_path):
    # runserver lance `check` (et non `check --deploy`) : sans DEBUG, rien ne le bloque.
    resultat = lancer("manage.py", "check", env={"SQLITE_PATH": str(tmp_path / "vide.sqlite3")})

    assert resultat.returncode == 0, resultat.stderr[-3000:]
    assert "System check identified no issues" in resultat.stdout


def test_un_port_mal_forme_arrete_le_demarrage():
    resultat = lancer("-c", "from brest_numerique import settings", env={"PORT": "huit-mille"})

    assert resultat.returncode != 0
    assert "PORT doit être un nombre entier" in resultat.stderr


def test_la_production_refuse_de_demarrer_sans_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    resultat = lancer("manage.py", "check", env=env)

    assert resultat.returncode != 0
    assert "ImproperlyConfigured" in resultat.stderr
    assert "SECRET_KEY" in resultat.stderr


def test_la_production_refuse_une_valeur_mal_formee():
    resultat = lancer("manage.py", "check", env={**PRODUCTION, "TRUSTED_PROXIES": "nginx"})

    assert resultat.returncode != 0
    assert "TRUSTED_PROXIES : adresse ou réseau invalide" in resultat.stderr


def test_la_production_refuse_une_base_qui_n_est_pas_postgresql():
    resultat = lancer("manage.py", "check", env={**PRODUCTION, "DATABASE_URL": "mysql://x@h/db"})

    assert resultat.returncode != 0
    assert "PostgreSQL" in resultat.stderr


def test_check_deploy_ne_signale_rien_en_production():
    resultat = lancer("manage.py", "check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)

    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout


def test_le_point_d_entree_wsgi_sort_le_demarrage_du_ramasse_miettes():
    """brest_numerique.wsgi (celui de gunicorn) gèle ce que le démarrage a créé,
    vues de toutes les applications comprises : une collecte complète ne les
    repasse plus."""
    script = (
        "import gc, sys\n"
        "import brest_numerique.wsgi\n"
        "print(gc.get_freeze_count(), 'papi.views' in sys.modules, 'projets.urls' in sys.modules,"
        " gc.isenabled())"
    )
    resultat = lancer("-c", script, env=PRODUCTION)

    assert resultat.returncode == 0, resultat.stderr
    figes, vues_chargees, urls_chargees, actif = resultat.stdout.split()
    assert int(figes) > 50_000
    assert (vues_chargees, urls_chargees) == ("True", "True")
    # Arrêté le temps du démarrage, il reprend pour les requêtes.
    assert actif == "True"


def test_une_commande_fige_son_demarrage_et_garde_le_ramasse_miettes_pour_son_travail():
    """manage.py arrête le ramasse-miettes le temps du démarrage : quand la commande
    s'exécute, ce que le démarrage a créé est gelé et le ramasse-miettes a repris."""
    script = "import gc; print(gc.isenabled(), gc.get_freeze_count())"
    resultat = lancer("manage.py", "shell", "--no-imports", "-c", script, env=PRODUCTION)

    assert resultat.returncode == 0, resultat.stderr
    actif, figes = resultat.stdout.split()
    assert actif == "True"
    assert int(figes) > 50_000


def test_la_sortie_d_une_commande_ne_collecte_plus_rien():
    """À la sortie, tout ce qui vit encore est gelé avant que Python ne le collecte."""
    script = (
        "import atexit, gc\n"
        "from brest_numerique import ramasse_miettes\n"
        "ramasse_miettes.commande_lancee()\n"
        "arrete = not gc.isenabled()\n"
        "ramasse_miettes.demarrage_fini()\n"
        "figes = gc.get_freeze_count()\n"
        "vivants = [[] for _ in range(10_000)]\n"
        "atexit._run_exitfuncs()\n"
        # Des objets gelés plus tôt peuvent être libérés entre-temps.
        "print(arrete, gc.isenabled(), gc.get_freeze_count() - figes > 9_000)"
    )
    resultat = lancer("-c", script, env=PRODUCTION)

    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == ["True", "True", "True"]


def test_hors_de_manage_py_le_demarrage_n_est_pas_gele():
    """pytest, Celery, gunicorn : `demarrage_fini()` ne touche à rien (gunicorn gèle
    lui-même, URL comprises, dans brest_numerique/wsgi.py)."""
    import gc

    from brest_numerique import ramasse_miettes

    figes = gc.get_freeze_count()
    ramasse_miettes.demarrage_fini()

    assert gc.isenabled()
    assert gc.get_freeze_count() == figes
