import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import get_resolver
from whitenoise.base import WhiteNoise, scantree

from brest_numerique.celery import app as celery_app
from brest_numerique.nombres import entier
from tests.base_modele import base_du_worker_creer, base_du_worker_supprimer
from tests.factories import COMPTES, UserFactory
from tests.instantane import Instantane, instantane_prendre, instantane_reposer
from tests.verifier_services import services_injoignables

# Redis n'a que 16 bases dans sa configuration par défaut (0 à 15).
BASES_REDIS = 16


def adresses_redis_des_workers(redis_url: str, nombre: int) -> list[str]:
    """Une base Redis par worker xdist : gw0 prend la base de REDIS_URL, gw1 la
    suivante, etc. (redis://…/5 avec -n 2 : bases 5 et 6). Chaque worker vide sa
    base entre deux tests (cache.clear(), FLUSHDB) et y compte ses limites de débit :
    partagée, un worker effacerait ou fausserait les compteurs de l'autre."""
    parties = urlsplit(redis_url)
    base = entier(parties.path.strip("/") or "0", maximum=BASES_REDIS - 1)
    if base is None:
        raise pytest.UsageError(f"REDIS_URL : numéro de base illisible ({redis_url}).")
    numeros = range(base, base + nombre)
    if numeros[-1] >= BASES_REDIS:
        raise pytest.UsageError(
            f"REDIS_URL={redis_url} avec {nombre} workers demande les bases Redis "
            f"{numeros[0]} à {numeros[-1]} ; Redis n'en a que {BASES_REDIS} (0 à "
            f"{BASES_REDIS - 1}) : choisissez une base de départ d'au plus "
            f"{BASES_REDIS - nombre}."
        )
    return [urlunsplit(parties._replace(path=f"/{numero}")) for numero in numeros]


# --- WhiteNoise : un seul inventaire des fichiers statiques par état du dossier ---
#
# Chaque Client de test construit sa propre chaîne de middlewares, donc son propre
# WhiteNoiseMiddleware, qui inventorie STATIC_ROOT (près de 1 500 fichiers, leurs
# variantes compressées et leurs en-têtes) : environ 0,15 s par Client, payées par
# presque chaque test, et par chaque exemple d'Hypothesis. En production,
# l'inventaire se fait une fois par processus. On le garde ici en mémoire, sous une
# clé faite de tout ce dont il dépend : le dossier, le préfixe, les réglages lus par
# le middleware, et l'état du dossier (chemin, taille, date de chaque fichier),
# relevé à chaque fois. Un collectstatic, un fichier ajouté ou modifié, un autre
# STATIC_ROOT ou d'autres réglages donnent une autre clé, donc un inventaire neuf :
# les réponses servies sont exactement celles d'un inventaire refait.
_INVENTAIRES_STATIQUES: dict[tuple, dict] = {}
_inventaire_d_origine = WhiteNoise.update_files_dictionary


def _inventaire_memorise(self, root, prefix):
    from django.conf import settings

    etat = tuple(sorted((chemin, s.st_size, s.st_mtime_ns) for chemin, s in scantree(root)))
    test_immuable = getattr(self.immutable_file_test, "__func__", self.immutable_file_test)
    reglages = {
        nom: repr(getattr(settings, nom, None))
        for nom in ("DEBUG", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME")
    }
    cle = (
        type(self),
        root,
        prefix,
        self.max_age,
        self.allow_all_origins,
        self.charset,
        self.index_file,
        self.add_headers_function,
        test_immuable,
        getattr(self, "static_prefix", None),
        tuple(sorted(self.media_types.types_map.items())),
        tuple((nom, repr(getattr(settings, nom))) for nom in dir(settings) if "WHITENOISE" in nom),
        tuple(reglages.items()),
        etat,
    )
    fichiers = _INVENTAIRES_STATIQUES.get(cle)
    if fichiers is None:
        deja, self.files = self.files, {}
        try:
            _inventaire_d_origine(self, root, prefix)
            fichiers = _INVENTAIRES_STATIQUES[cle] = self.files
        finally:
            self.files = {**deja, **self.files}
        return
    self.files.update(fichiers)


WhiteNoise.update_files_dictionary = _inventaire_memorise


def pytest_configure(config):
    from django.conf import settings

    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url.startswith("redis"):
        return  # pytest_sessionstart arrête la session en disant pourquoi.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        # Processus principal d'xdist : il ne lance aucun test, mais refuse d'emblée
        # une plage de bases qui ne tient pas dans Redis, avant de démarrer les workers.
        if config.getoption("dist", "no") != "no" and config.getoption("tx"):
            adresses_redis_des_workers(redis_url, len(config.getoption("tx")))
        return
    rang, nombre = int(worker.removeprefix("gw")), int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    if rang >= nombre:
        # Le remplaçant d'un worker tombé s'appelle gw2, gw3… : sa base sortirait de
        # la plage réservée. make test passe donc --max-worker-restart=0.
        raise pytest.UsageError(f"Worker {worker} hors de la plage gw0 à gw{nombre - 1}.")
    # pytest-django a lu les réglages avant ce fichier, mais ni le cache ni Celery ne
    # se sont encore connectés : c'est ici, et seulement ici, que chaque worker prend
    # sa base (cache, courtier, limites de débit, worker Celery du test d'intégration).
    if "settings" in caches.__dict__ or celery_app._pool is not None:
        raise pytest.UsageError("Cache ou courtier ouvert avant le choix de la base Redis.")
    adresse = adresses_redis_des_workers(redis_url, nombre)[rang]
    os.environ["REDIS_URL"] = settings.REDIS_URL = settings.CELERY_BROKER_URL = adresse
    celery_app.conf.broker_url = adresse
    cache_url = settings.CACHES["default"].get("LOCATION", "")
    if cache_url.startswith("redis"):  # CACHE_URL, REDIS_URL par défaut
        cache_url = adresses_redis_des_workers(cache_url, nombre)[rang]
        settings.CACHE_URL = settings.CACHES["default"]["LOCATION"] = cache_url


def _sans_base(item: pytest.Item) -> bool:
    # Les critères de pytest-django pour ranger un test parmi ceux qui n'ont pas de base.
    cls = getattr(item, "cls", None)
    return (
        item.get_closest_marker("django_db") is None
        and not {"db", "transactional_db", "live_server"} & set(item.fixturenames)
        and not (cls and issubclass(cls, TransactionTestCase))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Sous xdist, les tests sans base passent en tête, l'ordre de pytest-django gardé
    pour les autres (ceux qui vident la base après ceux qui s'en servent).

    Les plus longs (sous-processus : démarrage sur SQLite, manage.py check) sont parmi
    eux : en fin de session, un worker les déroulerait seul pendant que l'autre attend."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        items.sort(key=lambda item: not _sans_base(item))


def pytest_sessionstart(session):
    # Les tests visent le vrai PostgreSQL et le vrai Redis : on s'arrête tout de
    # suite, avec la commande qui les démarre, plutôt que sur cent erreurs.
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url.startswith("redis"):
        pytest.exit(
            "Les tests s'exécutent sur PostgreSQL et Redis : lancez-les avec `make test`.",
            returncode=2,
        )
    erreurs = services_injoignables(database_url, redis_url)
    if erreurs:
        pytest.exit("\n".join(erreurs), returncode=2)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """La base de test, comme pytest-django la crée, sauf sous xdist sans
    --reuse-db : là, une seule migration par session (tests/base_modele.py)."""
    from django.test.utils import setup_databases, teardown_databases

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    verbosite = request.config.option.verbose
    if worker is None or django_db_keepdb:
        with django_db_blocker.unblock():
            config = setup_databases(
                verbosity=verbosite,
                interactive=False,
                keepdb=django_db_keepdb and not django_db_createdb,
                # Aucun test ne demande le retour arrière sérialisé de Django.
                serialized_aliases=set(),
            )
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(config, verbosity=verbosite)
        return
    # Le dossier temporaire de la session, commun aux workers (popen-gw0/ et
    # popen-gw1/ en sont des sous-dossiers).
    dossier = tmp_path_factory.getbasetemp().parent
    with django_db_blocker.unblock():
        modele = base_du_worker_creer(worker=worker, dossier=dossier)
    yield
    with django_db_blocker.unblock():
        base_du_worker_supprimer(modele=modele, dossier=dossier)


@pytest.fixture(scope="session", autouse=True)
def _base_modele_preparee_des_le_debut(request):
    """Le premier worker migre la base modèle avant son premier test ; l'autre ne
    crée la sienne qu'à son premier test avec base, après ceux qui n'en ont pas."""
    if os.environ.get("PYTEST_XDIST_WORKER") == "gw0" and not all(
        _sans_base(item) for item in request.session.items
    ):
        request.getfixturevalue("django_db_setup")


@pytest.fixture(scope="session", autouse=True)
def _adresses_chargees_avec_les_reglages_de_test(django_test_environment):
    """La configuration d'URL se lit une fois, à son premier usage. Chargée ici, elle
    a les réglages de la suite (DEBUG faux), et non ceux d'un test qui passe DEBUG à
    vrai (les données d'exemple) : sans quoi l'adresse /media/ de développement
    apparaîtrait selon l'ordre des tests."""
    assert get_resolver().url_patterns


@pytest.fixture(scope="session")
def base_installee(request, django_db_setup, django_db_blocker) -> Iterator[Instantane]:
    """La base de chaque worker juste après les migrations, avant tout test qui la
    vide (tests/instantane.py) : chaque test transactionnel la repose en sortant,
    les tests dans le navigateur aussi en entrant.

    Avec --reuse-db, la base est aussi reposée en fin de session : la suivante la
    retrouve telle qu'installée, et non vidée par le dernier test transactionnel."""
    global _INSTANTANE
    with django_db_blocker.unblock():
        instantane = instantane_prendre()
    _INSTANTANE = instantane
    try:
        yield instantane
    finally:
        _INSTANTANE = None
    if request.config.getvalue("reuse_db") and instantane.complet():
        with django_db_blocker.unblock():
            instantane_reposer(instantane)


# --- Sortie d'un test transactionnel : la base reposée plutôt que vidée -------
#
# En sortant d'un test transactionnel, Django vide la base (`flush` : un TRUNCATE
# de ses 114 tables, puis le signal post_migrate qui recrée types de contenu et
# permissions) : 0,8 à 1,5 s à chaque fois, presque tout dans PostgreSQL, qui
# remplace les fichiers de chaque table et de chaque index. Pour une soixantaine
# de tests (navigateur, concurrence, worker Celery), plus d'une minute par session.
# On repose à la place l'instantané de la base installée (DELETE des tables non
# vides puis COPY, quelques dizaines de millisecondes) : le test suivant trouve la
# base telle que les migrations l'ont laissée, comme un test ordinaire, et non
# vidée de leurs données (le premier test transactionnel de chaque worker la
# trouvait déjà ainsi). Le vidage de Django reste là où l'instantané ne suffit
# pas : base réutilisée incomplète, autre base que « default », available_apps,
# serialized_rollback.
_INSTANTANE: Instantane | None = None
_vidage_de_django = TransactionTestCase._fixture_teardown


def _base_reposee_en_sortant(self) -> None:
    if (
        _INSTANTANE is None
        or not _INSTANTANE.complet()
        or self.available_apps is not None
        or self.serialized_rollback
        or set(self._databases_names(include_mirrors=False)) != {DEFAULT_DB_ALIAS}
    ):
        _vidage_de_django(self)
        return
    instantane_reposer(_INSTANTANE)


TransactionTestCase._fixture_teardown = _base_reposee_en_sortant


@pytest.fixture(autouse=True)
def _instantane_pris_avant_tout_test_avec_base(request) -> None:
    # Au premier test avec base du worker, donc avant que le premier test
    # transactionnel ne la vide.
    if not _sans_base(request.node):
        request.getfixturevalue("base_installee")


# Les réglages de chaque test (voir _environnement_de_test), que les données
# partagées par un module (donnees_du_module) reçoivent aussi.
REGLAGES_DE_TEST = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Jamais Internet : le géocodeur d'un test qui n'en démarre pas de faux est un
    # port fermé (refus immédiat), pas le service national.
    "GEOCODEUR_URL": "http://127.0.0.1:9/",
}


@pytest.fixture(autouse=True)
def _environnement_de_test(settings, tmp_path):
    for nom, valeur in REGLAGES_DE_TEST.items():
        setattr(settings, nom, valeur)
    # Les pièces jointes des dossiers s'écrivent hors du dépôt, et disparaissent.
    # Dans le bloc des données d'un module, le dossier du module : les pièces qu'il
    # a créées y sont (le stockage lit PIECES_ROOT à chaque accès).
    settings.PIECES_ROOT = _PIECES_DU_MODULE or tmp_path / "pieces"
    # Les limites de débit vivent dans le cache Redis : chaque test part de zéro, et
    # sans les fragments de gabarit gardés par un test précédent.
    cache.clear()
    caches["template_fragments"].clear()
    # Les tâches s'exécutent dans le processus, sauf dans le test d'intégration
    # qui démarre un vrai worker sur le vrai courtier.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


# --- Données partagées par les tests d'un module ------------------------------
#
# Certains modules font la même chose dans chaque test, sur les mêmes données :
# les tests par propriétés visent les mêmes objets publiés, le tableau des droits
# les mêmes comptes. Les refaire à chaque test (ou à chaque paramètre) coûtait
# plus que les requêtes elles-mêmes. Comme setUpTestData de Django : les données
# sont créées une fois, dans un bloc atomique ouvert pour tout le module ; chaque
# test s'exécute dans son propre point de sauvegarde, annulé à la fin du test
# (pytest-django emboîte son atomic dans le nôtre), et le bloc du module est
# annulé à la fin du module. Chaque test voit donc exactement les lignes créées
# pour le module, jamais celles d'un autre test. À réserver aux tests qui ne
# modifient pas les objets Python reçus (ils sont partagés, eux).
#
# Le dossier des pièces jointes du module, tant que son bloc est ouvert.
_PIECES_DU_MODULE: Path | None = None


@pytest.fixture(scope="module")
def donnees_du_module(
    base_installee, django_db_blocker, tmp_path_factory
) -> Iterator[Callable[..., object]]:
    """Rend `creer(fabrique, *args, **kwargs)`, qui appelle la fabrique dans le bloc
    du module (base accessible, réglages de test) et rend son résultat."""
    global _PIECES_DU_MODULE
    # base_installee : l'instantané de la base est pris avant, sans ces lignes.
    pieces = tmp_path_factory.mktemp("pieces-du-module")
    reglages = override_settings(**REGLAGES_DE_TEST, PIECES_ROOT=pieces)

    def creer(fabrique, *args, **kwargs):
        ancien = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        try:
            with django_db_blocker.unblock():
                return fabrique(*args, **kwargs)
        finally:
            celery_app.conf.task_always_eager = ancien

    with django_db_blocker.unblock():
        if transaction.get_connection().in_atomic_block:
            # Demandée par request.getfixturevalue() au milieu d'un test : le bloc
            # s'ouvrirait dans celui du test, et disparaîtrait avec lui.
            pytest.fail(
                "donnees_du_module : à demander en argument du test, non par getfixturevalue."
            )
        bloc = transaction.atomic()
        bloc.__enter__()
    _PIECES_DU_MODULE = pieces
    reglages.enable()
    try:
        yield creer
    finally:
        reglages.disable()
        _PIECES_DU_MODULE = None
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            bloc.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _pas_de_test_transactionnel_dans_un_bloc_de_module(request):
    # Un test transactionnel (qui vide la base en sortant) dans le bloc d'un module
    # validerait ou viderait des lignes du bloc : il ne doit jamais s'y trouver.
    # pytest-django range les tests transactionnels après les autres, mais le
    # dernier module sans eux et le premier avec peuvent être le même.
    if _PIECES_DU_MODULE is not None and _transactionnel(request.node):
        pytest.fail(
            "Test transactionnel dans le bloc des données d'un module (donnees_du_module) : "
            "séparez-le dans un autre module."
        )


def _transactionnel(item: pytest.Item) -> bool:
    marqueur = item.get_closest_marker("django_db")
    cls = getattr(item, "cls", None)
    return bool(
        (marqueur and (marqueur.kwargs.get("transaction") or marqueur.args[:1] == (True,)))
        or {"transactional_db", "live_server"} & set(item.fixturenames)
        or (cls and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase))
    )


# Les comptes de chaque profil : COMPTES, dans tests/factories.py.
@pytest.fixture
def citoyen(db):
    return UserFactory(**COMPTES["citoyen"])


@pytest.fixture
def webmestre(db):
    return UserFactory(**COMPTES["webmestre"])


@pytest.fixture
def instructeur(db):
    return UserFactory(**COMPTES["instructeur"])


@pytest.fixture
def jure(db):
    return UserFactory(**COMPTES["jure"])


@pytest.fixture
def gestionnaire_ipt(db):
    return UserFactory(**COMPTES["gestionnaire_ipt"])


@pytest.fixture
def bailleur(db):
    return UserFactory(**COMPTES["bailleur"])


@pytest.fixture
def administrateur(db):
    return UserFactory(**COMPTES["administrateur"])


# La limite de taille d'une cellule du module csv, telle que Python la donne. Elle
# est globale au processus : frictionless (test du CSV au standard) la relève à son
# import, et les tests d'une cellule démesurée dépendraient alors de l'ordre.
LIMITE_CSV_DE_PYTHON = 131_072


@pytest.fixture
def limite_csv_de_python() -> Iterator[int]:
    import csv

    ancienne = csv.field_size_limit(LIMITE_CSV_DE_PYTHON)
    yield LIMITE_CSV_DE_PYTHON
    csv.field_size_limit(ancienne)
