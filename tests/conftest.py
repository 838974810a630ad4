import os

import pytest
from django.core.cache import cache

from brest_numerique.celery import app as celery_app
from brest_numerique.comptes.roles import Role
from tests.factories import UserFactory
from tests.verifier_services import services_injoignables


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


@pytest.fixture(autouse=True)
def _environnement_de_test(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Les limites de débit vivent dans le cache Redis : chaque test part de zéro.
    cache.clear()
    # Les tâches s'exécutent dans le processus, sauf dans le test d'intégration
    # qui démarre un vrai worker sur le vrai courtier.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def citoyen(db):
    return UserFactory(first_name="Camille")


@pytest.fixture
def webmestre(db):
    return UserFactory(role=Role.WEBMESTRES)


@pytest.fixture
def instructeur(db):
    return UserFactory(role=Role.INSTRUCTEURS)


@pytest.fixture
def jure(db):
    return UserFactory(role=Role.JURY)


@pytest.fixture
def gestionnaire_ipt(db):
    return UserFactory(role=Role.GESTIONNAIRES_IPT)


@pytest.fixture
def bailleur(db):
    return UserFactory(role=Role.BAILLEURS)


@pytest.fixture
def administrateur(db):
    return UserFactory(is_staff=True, is_superuser=True)
