"""Sous xdist, une seule migration par session : une base modèle, copiée par worker.

Les migrations (celles de Wagtail surtout) coûtent environ 25 s de processeur à
chaque création de base. Au lieu que chaque worker migre la sienne en même temps
que l'autre, le premier qui en a besoin migre une base modèle
(test_<nom>_modele), puis chacun en fait sa copie (CREATE DATABASE … TEMPLATE,
une ou deux secondes) sous le nom qu'il aurait eu (test_<nom>_gw0, _gw1). Le
premier worker la prépare dès le début de la session ; pendant ce temps l'autre
déroule les tests sans base, placés en tête (tests/conftest.py). Ce sont les
vraies migrations, données comprises : la copie est la base qu'elles ont laissée.

Un verrou de fichier, dans le dossier temporaire commun aux workers de la
session, fait attendre le second pendant que le premier migre.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections


@contextmanager
def _verrou(dossier: Path) -> Iterator[None]:
    with (dossier / "base-modele.verrou").open("w") as fichier:
        fcntl.flock(fichier, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fichier, fcntl.LOCK_UN)


def _existe(nom: str) -> bool:
    with connections["default"]._nodb_cursor() as curseur:
        curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom])
        return curseur.fetchone() is not None


def _supprimer(nom: str) -> None:
    connexion = connections["default"]
    with connexion._nodb_cursor() as curseur:
        curseur.execute(f"DROP DATABASE IF EXISTS {connexion.ops.quote_name(nom)}")


def base_du_worker_creer(*, worker: str, dossier: Path) -> str | None:
    """Crée la base de test du worker, copie de la base modèle (migrée au besoin).

    Rend le nom de la base modèle si ce worker l'a créée (à lui de la supprimer)."""
    connexion = connections["default"]
    nom = connexion.settings_dict["TEST"]["NAME"]  # test_<nom>_gw0, par pytest-django
    modele = f"{nom.removesuffix(f'_{worker}')}_modele"
    creee = None
    with _verrou(dossier):
        # La marque dit que la base modèle est de cette session (une session
        # interrompue a pu en laisser une, périmée) ; elle peut aussi avoir été
        # supprimée par le worker qui l'a créée s'il a fini avant l'autre.
        marque = dossier / "base-modele.prete"
        if not marque.exists() or not _existe(modele):
            connexion.settings_dict["TEST"]["NAME"] = modele
            connexion.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connexion.close()  # une base modèle ne se copie que sans connexion ouverte
            marque.touch()
            creee = modele
        _supprimer(nom)
        with connexion._nodb_cursor() as curseur:
            citer = connexion.ops.quote_name
            curseur.execute(f"CREATE DATABASE {citer(nom)} TEMPLATE {citer(modele)}")
    connexion.settings_dict["NAME"] = connexion.settings_dict["TEST"]["NAME"] = nom
    return creee


def base_du_worker_supprimer(*, modele: str | None, dossier: Path) -> None:
    connexion = connections["default"]
    connexion.close()
    _supprimer(connexion.settings_dict["NAME"])
    if modele:
        with _verrou(dossier):
            _supprimer(modele)
